package io.jtunnel.config;

import static io.jtunnel.config.Configs.errorLines;
import static io.jtunnel.config.Configs.lineError;
import static io.jtunnel.config.Configs.parse;
import static io.jtunnel.config.Configs.service;
import static io.jtunnel.config.Configs.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.jtunnel.log.RecordingLogSink;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code OCSP}, {@code OCSPaia}, {@code OCSPnonce} and {@code OCSPflag} as stunnel 5.68's options.c reads them. */
class OcspConfigTest {
    private static final String BODY = "accept = 127.0.0.1:20001\nconnect = 127.0.0.1:30001\n"
        + "cert = /etc/jtunnel/server.pem\nCAfile = /etc/jtunnel/ca.pem\nverifyChain = yes\n";

    @TempDir
    Path dir;

    private Path conf(String text) {
        return write(dir, "stunnel.conf", text);
    }

    @Test
    void defaults_are_off() throws Exception {
        assertThat(service(parse(conf("[svc]\n" + BODY)), "svc").ocsp()).isEqualTo(OcspSettings.OFF);
    }

    @Test
    void options_are_read_and_flags_accumulate_in_any_case() throws Exception {
        ServiceConfig svc = service(parse(conf("[svc]\n" + BODY + "OCSP = http://ocsp.example.net:8080/x\n"
            + "ocspAIA = YES\nOCSPnonce = yes\nOCSPflag = nointern\nOCSPflag = TRUSTOTHER\n")), "svc");

        assertThat(svc.ocsp()).isEqualTo(new OcspSettings(Optional.of("http://ocsp.example.net:8080/x"), true, true,
            Set.of("NOINTERN", "TRUSTOTHER")));
        assertThat(svc.ocsp().enabled()).isTrue();
    }

    @Test
    void global_options_are_copied_into_each_section() throws Exception {
        ServiceConfig svc = service(parse(conf("OCSP = http://127.0.0.1/\nOCSPflag = NOVERIFY\n[svc]\n" + BODY)),
            "svc");

        assertThat(svc.ocsp().url()).contains("http://127.0.0.1/");
        assertThat(svc.ocsp().has("NOVERIFY")).isTrue();
    }

    @Test
    void an_https_url_is_accepted_here_and_refused_by_each_check_as_in_stunnel() throws Exception {
        assertThat(service(parse(conf("[svc]\n" + BODY + "OCSP = https://ocsp.example.net/\n")), "svc").ocsp().url())
            .contains("https://ocsp.example.net/");
    }

    @Test
    void unknown_flag_is_stunnels_illegal_ocsp_flag() {
        Path file = conf("[svc]\n" + BODY + "OCSPflag = NOPE\n");

        assertThat(errorLines(file)).containsExactly(lineError(file, 7, "OCSPflag = NOPE", "Illegal OCSP flag"));
    }

    @Test
    void yes_no_options_take_yes_or_no() {
        Path aia = conf("[svc]\n" + BODY + "OCSPaia = maybe\n");
        assertThat(errorLines(aia)).containsExactly(lineError(aia, 7, "OCSPaia = maybe",
            "The argument needs to be either 'yes' or 'no'"));
        Path nonce = conf("[svc]\n" + BODY + "OCSPnonce = 1\n");
        assertThat(errorLines(nonce)).containsExactly(lineError(nonce, 7, "OCSPnonce = 1",
            "The argument needs to be either 'yes' or 'no'"));
    }

    @Test
    void flags_without_effect_are_accepted_with_a_notice_saying_why() throws Exception {
        RecordingLogSink log = new RecordingLogSink();
        parse(conf("[svc]\n" + BODY + "OCSP = http://127.0.0.1/\nOCSPflag = NOCERTS\nOCSPflag = RESPID_KEY\n"
            + "OCSPflag = NOCASIGN\nOCSPflag = NODELEGATED\nOCSPflag = NOTIME\nOCSPflag = NOEXPLICIT\n"
            + "OCSPflag = NOSIGS\nOCSPflag = NOCHAIN\nOCSPflag = NOCHECKS\n"), log);

        assertThat(log.lines()).contains(
            "NOTICE OCSPflag NOCERTS has no effect: it applies to signing requests, which stunnel never does",
            "NOTICE OCSPflag RESPID_KEY has no effect: it applies to signing responses, which stunnel never does",
            "NOTICE OCSPflag NOCASIGN has no effect: OpenSSL 3's response verification ignores it",
            "NOTICE OCSPflag NODELEGATED has no effect: OpenSSL 3's response verification ignores it",
            "NOTICE OCSPflag NOTIME has no effect: OpenSSL 3's response verification ignores it",
            "NOTICE OCSPflag NOEXPLICIT has no effect: jtunnel's trusted certificates carry no explicit"
                + " OCSP-signing trust to fall back on")
            .noneMatch(line -> line.contains("NOSIGS") || line.contains("NOCHAIN") || line.contains("NOCHECKS"));
    }

    @Test
    void ocsp_without_verification_is_noted_as_unused() throws Exception {
        RecordingLogSink log = new RecordingLogSink();
        parse(conf("[svc]\naccept = 127.0.0.1:20001\nconnect = 127.0.0.1:30001\ncert = /etc/jtunnel/server.pem\n"
            + "OCSP = http://127.0.0.1/\n"), log);

        assertThat(log.lines()).contains(
            "NOTICE Service [svc]: OCSP is not checked without \"verifyChain\" or \"verifyPeer\"");
    }

    @Test
    void every_flag_name_stunnel_knows_is_accepted() throws Exception {
        StringBuilder lines = new StringBuilder();
        OcspSettings.FLAG_NAMES.forEach(flag -> lines.append("OCSPflag = ").append(flag).append('\n'));
        assertThat(service(parse(conf("[svc]\n" + BODY + lines)), "svc").ocsp().flags())
            .containsExactlyInAnyOrderElementsOf(OcspSettings.FLAG_NAMES);
    }
}
