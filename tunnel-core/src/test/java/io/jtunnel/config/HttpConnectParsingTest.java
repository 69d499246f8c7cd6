package io.jtunnel.config;

import static io.jtunnel.config.Configs.errorLines;
import static io.jtunnel.config.Configs.lineError;
import static io.jtunnel.config.Configs.parse;
import static io.jtunnel.config.Configs.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.jtunnel.log.RecordingLogSink;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code protocol = connect} and the protocol* options, as stunnel 5.68 reads them. */
class HttpConnectParsingTest {
    private static final String CLIENT = "[svc]\nclient = yes\naccept = 127.0.0.1:29991\n"
        + "connect = proxy.example.net:3128\nprotocol = connect\n";
    private static final String SERVER = "[svc]\naccept = 127.0.0.1:29991\ncert = /nonexistent/server.pem\n"
        + "protocol = connect\n";

    @TempDir
    Path dir;

    private ServiceConfig service(String text) throws Exception {
        return parse(write(dir, "c.conf", "delay = yes\n" + text)).services().get(0);
    }

    @Test
    void client_reads_host_credentials_and_headers() throws Exception {
        ServiceConfig service = service(CLIENT + "protocolHost = icap.example.net:11344\nprotocolUsername = bob\n"
            + "protocolPassword = s3cret\nprotocolHeader = X-Test: one\nprotocolHeader = X-Other: two\n");
        HttpConnect connect = service.httpConnect().orElseThrow();
        assertThat(connect.client()).isTrue();
        assertThat(connect.host()).contains("icap.example.net:11344");
        assertThat(connect.headers()).containsExactly("X-Test: one", "X-Other: two");
        // the value stunnel 5.68 sent for bob/s3cret (seen in its debug log)
        assertThat(connect.authorization()).contains("basic Ym9iOnMzY3JldA==");
        assertThat(connect.toString()).doesNotContain("s3cret");
        assertThat(service.policy().proxyHeader()).isFalse();
    }

    @Test
    void credentials_are_sent_only_when_both_are_set() throws Exception {
        assertThat(service(CLIENT + "protocolHost = h:1\nprotocolUsername = bob\n").httpConnect().orElseThrow()
            .authorization()).isEmpty();
        assertThat(service(CLIENT + "protocolHost = h:1\nprotocolPassword = pw\n").httpConnect().orElseThrow()
            .authorization()).isEmpty();
    }

    @Test
    void protocol_host_is_the_default_sni_name() throws Exception {
        assertThat(service(CLIENT + "protocolHost = icap.example.net:11344\n").sni()).contains("icap.example.net");
        assertThat(service(CLIENT + "protocolHost = 11344\n").sni()).contains("localhost");
        assertThat(service(CLIENT + "protocolHost = icap.example.net:11344\nsni = other.example.net\n").sni())
            .contains("other.example.net");
        assertThat(service(CLIENT + "protocolHost = icap.example.net:11344\nsni =\n").sni()).isEmpty();
        // stunnel takes protocolHost for SNI even without a protocol that uses it
        assertThat(service("[svc]\nclient = yes\naccept = 127.0.0.1:29991\nconnect = a.example.net:1\n"
            + "protocolHost = b.example.net:2\n").sni()).contains("b.example.net");
        assertThat(service(CLIENT + "protocolHost = b.example.net:2\n").connect().get(0).host())
            .isEqualTo("proxy.example.net");
    }

    @Test
    void client_without_protocol_host_is_rejected_with_stunnels_message() {
        Path file = write(dir, "c.conf", "delay = yes\n" + CLIENT);
        assertThat(errorLines(file)).containsExactly("Service [svc]: protocolHost not specified");
    }

    @Test
    void server_needs_connect_too_as_stunnel_5_68_counts_endpoints() throws Exception {
        assertThat(errorLines(write(dir, "s.conf", SERVER)))
            .containsExactly("Service [svc]: Each service must define two endpoints");
        ServiceConfig service = service(SERVER + "connect = 127.0.0.1:1344\n");
        assertThat(service.httpConnect()).hasValueSatisfying(c -> assertThat(c.client()).isFalse());
        assertThat(service.sni()).isEmpty();
    }

    @Test
    void ntlm_and_its_domain_are_refused_with_a_reason() {
        Path ntlm = write(dir, "n.conf", CLIENT + "protocolHost = h:1\nprotocolAuthentication = NTLM\n");
        assertThat(errorLines(ntlm)).containsExactly(lineError(ntlm, 7, "protocolAuthentication = NTLM",
            "NTLM authentication is not supported by jtunnel: NTLMv1 (DES and MD4) is deprecated and insecure; use"
                + " protocolAuthentication = basic"));
        Path domain = write(dir, "d.conf", CLIENT + "protocolHost = h:1\nprotocolDomain = CORP\n");
        assertThat(errorLines(domain)).singleElement().asString()
            .startsWith(lineError(domain, 7, "protocolDomain = CORP", "Option \"protocolDomain\" is not supported"
                + " by jtunnel: it is used only by NTLM proxy authentication"));
    }

    @Test
    void any_other_authentication_value_means_basic_as_in_stunnel() throws Exception {
        RecordingLogSink log = new RecordingLogSink();
        ServiceConfig service = parse(write(dir, "c.conf", "delay = yes\n" + CLIENT + "protocolHost = h:1\n"
            + "protocolAuthentication = digest\nprotocolUsername = u\nprotocolPassword = p\n"), log).services().get(0);
        assertThat(service.httpConnect().orElseThrow().authorization()).contains("basic dTpw");
        assertThat(log.lines()).contains(
            "NOTICE protocolAuthentication = digest: any value but ntlm means basic authentication, as in stunnel");
        RecordingLogSink quiet = new RecordingLogSink();
        parse(write(dir, "b.conf", "delay = yes\n" + CLIENT + "protocolHost = h:1\nprotocolAuthentication = Basic\n"),
            quiet);
        assertThat(quiet.lines()).noneMatch(line -> line.contains("protocolAuthentication"));
    }

    @Test
    void the_other_stunnel_protocols_are_refused_as_not_yet_implemented() {
        for (String name : List.of("smtp", "pop3", "imap", "nntp", "ldap", "pgsql", "cifs", "capwin", "capwinctrl",
            "socks")) {
            Path file = write(dir, name + ".conf", "[svc]\nclient = yes\naccept = 127.0.0.1:29991\n"
                + "connect = 127.0.0.1:1\nprotocol = " + name + "\n");
            assertThat(errorLines(file)).containsExactly("Service [svc]: Protocol '" + name + "' is not implemented"
                + " in jtunnel yet (only 'proxy' and 'connect' are; the others may come later)");
        }
    }

    @Test
    void protocol_password_is_reported_as_set_but_never_shown() throws Exception {
        String json = ConfigReport.json(parse(write(dir, "c.conf", "delay = yes\n" + CLIENT + "protocolHost = h:1\n"
            + "protocolUsername = bob\nprotocolPassword = s3cret\n")));
        assertThat(json).contains("\"protocolPassword\": \"(secret)\"", "\"protocolUsername\": \"bob\"",
            "\"protocolHost\": \"h:1\"").doesNotContain("s3cret");
    }
}
