package io.jtunnel.config;

import static io.jtunnel.config.Configs.errorLines;
import static io.jtunnel.config.Configs.lineError;
import static io.jtunnel.config.Configs.parse;
import static io.jtunnel.config.Configs.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.jtunnel.log.RecordingLogSink;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code PSKsecrets} and {@code PSKidentity} as stunnel 5.68 reads them (options.c psk_read, PSKidentity checks). */
class PskOptionsTest {
    private static final String HEX16 = "00112233445566778899aabbccddeeff";
    private static final String ENDPOINTS = "accept = 127.0.0.1:20001\nconnect = 127.0.0.1:30001\n";

    @TempDir
    Path dir;

    private Path secrets(String text) throws Exception {
        return secrets(text.getBytes(StandardCharsets.UTF_8));
    }

    private Path secrets(byte[] bytes) throws Exception {
        Path file = dir.resolve("psk.txt");
        Files.write(file, bytes);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    private Path conf(String text) {
        return write(dir, "stunnel.conf", text);
    }

    private ServiceConfig only(String text, RecordingLogSink log) throws Exception {
        TunnelConfig config = parse(conf(text), log);
        assertThat(config.services()).hasSize(1);
        return config.services().get(0);
    }

    /** The error lines for a file whose PSKsecrets line (line 2) fails, with what was logged before. */
    private void assertRejected(Path file, String... logged) {
        RecordingLogSink log = new RecordingLogSink();
        Path config = conf("[svc]\nPSKsecrets = " + file + "\n" + ENDPOINTS);

        assertThat(errorLines(config, log)).containsExactly(
            lineError(config, 2, "PSKsecrets = " + file, "Failed to read PSK secrets"));
        if (logged.length > 0) {
            assertThat(log.lines()).contains(logged);
        }
    }

    @Test
    void hex_keys_become_bytes_and_other_keys_stay_ascii() throws Exception {
        RecordingLogSink log = new RecordingLogSink();
        Path file = secrets("hex:" + HEX16 + "\nsplit:" + HEX16.replaceAll("(..)(?!$)", "$1:")
            + "\nascii:correct horse battery staple\noddhex:" + HEX16 + "0\n");

        ServiceConfig svc = only("[svc]\nPSKsecrets = " + file + "\n" + ENDPOINTS, log);

        PskSecrets read = svc.psk().orElseThrow().secrets();
        assertThat(read.keys()).extracting(PskSecrets.Key::identity)
            .containsExactly("hex", "split", "ascii", "oddhex");
        assertThat(read.find("hex").orElseThrow().secret()).isEqualTo(HexFormat.of().parseHex(HEX16));
        assertThat(read.find("split").orElseThrow().secret()).isEqualTo(HexFormat.of().parseHex(HEX16));
        assertThat(read.find("ascii").orElseThrow().secret())
            .isEqualTo("correct horse battery staple".getBytes(StandardCharsets.US_ASCII));
        assertThat(read.find("oddhex").orElseThrow().secret())
            .as("an odd number of hex digits is not hex").isEqualTo((HEX16 + "0").getBytes(StandardCharsets.US_ASCII));
        assertThat(log.lines()).contains(
            "INFO PSKsecrets line 1: 16-byte hexadecimal key configured for identity \"hex\"",
            "INFO PSKsecrets line 2: 16-byte hexadecimal key configured for identity \"split\"",
            "INFO PSKsecrets line 3: 28-byte ASCII key configured for identity \"ascii\"",
            "INFO PSKsecrets line 4: 33-byte ASCII key configured for identity \"oddhex\"",
            "INFO PSK identities: 4 retrieved");
    }

    @Test
    void keys_never_reach_the_log_nor_the_reports() throws Exception {
        RecordingLogSink log = new RecordingLogSink();
        Path file = secrets("a:" + HEX16 + "\nb:correct horse battery staple\n");

        ServiceConfig svc = only("[svc]\nclient = yes\nPSKsecrets = " + file + "\n" + ENDPOINTS, log);

        assertThat(log.lines()).noneMatch(line -> line.contains(HEX16) || line.contains("horse"));
        assertThat(svc.toString()).doesNotContain(HEX16).doesNotContain("horse");
        assertThat(svc.values().effective(Option.PSK_SECRETS)).hasToString(file.toString());
    }

    @Test
    void empty_lines_and_carriage_returns_are_skipped() throws Exception {
        Path file = secrets("\r\none:" + HEX16 + "\r\n\n\ntwo:" + HEX16 + "\r");

        ServiceConfig svc = only("[svc]\nPSKsecrets = " + file + "\n" + ENDPOINTS, new RecordingLogSink());

        assertThat(svc.psk().orElseThrow().secrets().keys()).extracting(PskSecrets.Key::identity)
            .containsExactly("one", "two");
    }

    @Test
    void a_line_without_colon_is_rejected_with_its_number() throws Exception {
        assertRejected(secrets("one:" + HEX16 + "\n\n# a comment\n"),
            "ERR PSKsecrets line 3: Not in identity:key format");
    }

    @Test
    void identity_of_128_characters_is_too_long() throws Exception {
        assertRejected(secrets("x".repeat(128) + ":" + HEX16 + "\n"),
            "ERR PSKsecrets line 1: Identity longer than 128 characters");
    }

    @Test
    void identity_of_127_characters_is_accepted() throws Exception {
        Path file = secrets("x".repeat(127) + ":" + HEX16 + "\n");

        ServiceConfig svc = only("[svc]\nPSKsecrets = " + file + "\n" + ENDPOINTS, new RecordingLogSink());

        assertThat(svc.psk()).isPresent();
    }

    @Test
    void key_longer_than_256_bytes_is_rejected() throws Exception {
        assertRejected(secrets("id:" + "ab".repeat(257) + "\n"), "ERR PSKsecrets line 1: Key longer than 256 bytes");
    }

    @Test
    void key_shorter_than_16_bytes_is_rejected() throws Exception {
        assertRejected(secrets("id:" + "ab".repeat(15) + "\n"), "ERR PSKsecrets line 1: Key shorter than 16 bytes");
        assertRejected(secrets("id:fifteen chars\n"), "ERR PSKsecrets line 1: Key shorter than 16 bytes");
    }

    @Test
    void empty_or_missing_file_is_rejected() throws Exception {
        assertRejected(secrets("\n\n"));
        Path missing = dir.resolve("missing.txt");
        assertRejected(missing, "ERR " + missing + ": No such file or directory (2)");
    }

    @Test
    void file_readable_by_others_gets_stunnels_warning() throws Exception {
        RecordingLogSink log = new RecordingLogSink();
        Path file = secrets("id:" + HEX16 + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        only("[svc]\nPSKsecrets = " + file + "\n" + ENDPOINTS, log);

        assertThat(log.lines()).contains("WARNING Insecure file permissions on " + file);
    }

    @Test
    void file_for_owner_and_group_only_gets_no_warning_as_in_stunnel() throws Exception {
        RecordingLogSink log = new RecordingLogSink();
        Path file = secrets("id:" + HEX16 + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));

        only("[svc]\nPSKsecrets = " + file + "\n" + ENDPOINTS, log);

        assertThat(log.lines()).noneMatch(line -> line.contains("Insecure file permissions"));
    }

    @Test
    void server_with_psk_needs_no_certificate_but_one_without_still_does() throws Exception {
        Path file = secrets("id:" + HEX16 + "\n");

        ServiceConfig svc = only("[svc]\nPSKsecrets = " + file + "\n" + ENDPOINTS, new RecordingLogSink());
        assertThat(svc.cert()).isEmpty();
        assertThat(svc.psk().orElseThrow().clientKey()).isEmpty();

        Path config = conf("[svc]\n" + ENDPOINTS);
        assertThat(errorLines(config)).containsExactly("Service [svc]: TLS server needs a certificate");
    }

    @Test
    void psk_identity_is_only_noted_in_server_mode() throws Exception {
        RecordingLogSink log = new RecordingLogSink();
        Path file = secrets("id:" + HEX16 + "\n");

        only("[svc]\nPSKsecrets = " + file + "\nPSKidentity = nobody\n" + ENDPOINTS, log);

        assertThat(log.lines()).contains("NOTICE PSK identity is ignored in the server mode");
    }

    @Test
    void client_takes_the_named_identity_or_the_first_one() throws Exception {
        Path file = secrets("first:" + HEX16 + "\nsecond:ffeeddccbbaa99887766554433221100\n");

        ServiceConfig named = only("[svc]\nclient = yes\nPSKsecrets = " + file + "\nPSKidentity = second\n"
            + ENDPOINTS, new RecordingLogSink());
        ServiceConfig first = only("[svc]\nclient = yes\nPSKsecrets = " + file + "\n" + ENDPOINTS,
            new RecordingLogSink());

        assertThat(named.psk().orElseThrow().clientKey()).map(PskSecrets.Key::identity).contains("second");
        assertThat(first.psk().orElseThrow().clientKey()).map(PskSecrets.Key::identity).contains("first");
    }

    @Test
    void client_with_an_unknown_identity_is_rejected() throws Exception {
        Path file = secrets("first:" + HEX16 + "\n");
        Path config = conf("[svc]\nclient = yes\nPSKsecrets = " + file + "\nPSKidentity = other\n" + ENDPOINTS);

        assertThat(errorLines(config)).containsExactly(
            "Service [svc]: No key found for the specified PSK identity");
    }

    @Test
    void global_secrets_are_inherited_by_every_section() throws Exception {
        Path file = secrets("id:" + HEX16 + "\n");

        TunnelConfig config = parse(conf("PSKsecrets = " + file + "\n[a]\n" + ENDPOINTS
            + "[b]\naccept = 127.0.0.1:20002\nconnect = 127.0.0.1:30002\n"));

        assertThat(config.services()).allSatisfy(svc -> assertThat(svc.psk()).isPresent());
    }
}
