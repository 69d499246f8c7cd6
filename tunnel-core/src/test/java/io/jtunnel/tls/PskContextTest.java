package io.jtunnel.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jtunnel.config.ConfigParser;
import io.jtunnel.config.ServiceConfig;
import io.jtunnel.log.LogSink;
import io.jtunnel.log.RecordingLogSink;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A {@code PSKsecrets} service's TLS context: Conscrypt, TLS 1.2 only, PSK suites, and clear refusals. */
class PskContextTest {
    @TempDir
    Path dir;

    private Path secrets;
    private final RecordingLogSink log = new RecordingLogSink();

    @BeforeEach
    void writeSecrets() throws Exception {
        secrets = dir.resolve("psk.txt");
        Files.writeString(secrets, "id:00112233445566778899aabbccddeeff\n");
        Files.setPosixFilePermissions(secrets, PosixFilePermissions.fromString("rw-------"));
    }

    private ServiceTls create(String engine, String lines) throws Exception {
        Path file = dir.resolve("stunnel.conf");
        Files.writeString(file, "[svc]\naccept = 127.0.0.1:0\nconnect = 127.0.0.1:1\nPSKsecrets = " + secrets + "\n"
            + lines, StandardCharsets.UTF_8);
        ServiceConfig service = new ConfigParser(LogSink.discard()).parse(file).services().get(0);
        return new TlsContextFactory(TlsEngines.select(engine, LogSink.discard()), log, PassphraseSource.none())
            .create(service, log);
    }

    @Test
    void default_range_becomes_tls12_with_psk_suites_on_conscrypt() throws Exception {
        ServiceTls tls = create("openssl", "");

        assertThat(tls.engine().name()).isEqualTo("conscrypt");
        assertThat(tls.psk()).isNotNull();
        SSLEngine engine = tls.context().newEngine(ByteBufAllocator.DEFAULT);
        try {
            assertThat(engine.getEnabledProtocols()).containsExactly("TLSv1.2");
            assertThat(engine.getEnabledCipherSuites()).contains(PskTls.SUITES.toArray(new String[0]))
                .allMatch(suite -> suite.contains("_PSK_") || suite.startsWith("TLS_AES_")
                    || suite.startsWith("TLS_CHACHA20_"));
        } finally {
            ReferenceCountUtil.release(engine);
        }
        assertThat(log.lines()).contains(
            "INFO Service [svc]: PSKsecrets: this service uses the conscrypt TLS engine, the only one with TLS-PSK"
                + " (the openssl engine has none)",
            "INFO Service [svc]: PSKsecrets: TLS 1.2 only (Conscrypt has no TLS 1.3 PSK)");
    }

    @Test
    void conscrypt_chosen_by_hand_and_tls12_asked_for_need_no_notes() throws Exception {
        create("conscrypt", "sslVersion = TLSv1.2\n");

        assertThat(log.lines()).noneMatch(line -> line.contains("PSKsecrets:"));
    }

    @Test
    void tls13_minimum_is_refused() {
        assertThatThrownBy(() -> create("openssl", "sslVersionMin = TLSv1.3\n"))
            .isInstanceOf(KeyMaterialException.class)
            .hasMessage("PSKsecrets needs TLS 1.2: jtunnel's TLS-PSK (Conscrypt) works over TLS 1.2 only, and"
                + " sslVersionMin/sslVersionMax (or sslVersion) allow TLSv1.3 only");
    }

    @Test
    void range_below_tls12_is_refused() {
        assertThatThrownBy(() -> create("openssl", "sslVersionMin = TLSv1\nsslVersionMax = TLSv1.1\nsecurityLevel = 0\n"))
            .isInstanceOf(KeyMaterialException.class)
            .hasMessage("PSKsecrets needs TLS 1.2: jtunnel's TLS-PSK (Conscrypt) works over TLS 1.2 only, and"
                + " sslVersionMin/sslVersionMax (or sslVersion) allow TLSv1 to TLSv1.1 only");
    }

    @Test
    void options_excluding_tls12_are_refused() {
        assertThatThrownBy(() -> create("openssl", "options = NO_TLSv1_2\n"))
            .isInstanceOf(KeyMaterialException.class)
            .hasMessageContaining("options = NO_TLSv1_2 excludes it");
    }

    @Test
    void ciphers_name_psk_suites_by_name() throws Exception {
        ServiceTls tls = create("openssl", "ciphers = PSK-AES256-CBC-SHA\n");

        assertThat(tls.context().cipherSuites()).contains("TLS_PSK_WITH_AES_256_CBC_SHA")
            .noneMatch(suite -> suite.contains("ECDHE_PSK"));
    }

    @Test
    void ciphers_without_a_psk_suite_are_refused() {
        assertThatThrownBy(() -> create("openssl", "ciphers = ECDHE-RSA-AES128-GCM-SHA256\n"))
            .isInstanceOf(KeyMaterialException.class)
            .hasMessageStartingWith("ciphers = ECDHE-RSA-AES128-GCM-SHA256: no PSK cipher suite the conscrypt engine"
                + " supports");
    }

    @Test
    void openssl_cipher_strings_are_refused_with_the_reason() {
        assertThatThrownBy(() -> create("openssl", "ciphers = PSK:!aNULL\n"))
            .isInstanceOf(KeyMaterialException.class)
            .hasMessageContaining("a PSKsecrets service runs on the conscrypt engine, which takes suite names only");
    }
}
