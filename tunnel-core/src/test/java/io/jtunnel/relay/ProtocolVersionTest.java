package io.jtunnel.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jtunnel.runtime.StartupException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** sslVersion, sslVersionMin and sslVersionMax against the real openssl s_client. */
@Timeout(60)
class ProtocolVersionTest {
    @TempDir
    Path dir;

    private static String handshake(int port, String... options) throws Exception {
        return SClient.brief(port, options);
    }

    @Test
    void defaults_allow_tls_1_2_and_1_3_only() throws Exception {
        TestPki pki = new TestPki(dir);
        try (TestUpstream upstream = TestUpstream.echo();
             TunnelUnderTest tunnel = new TunnelUnderTest(dir, "openssl",
                 TunnelUnderTest.service(pki, upstream.port(), ""))) {
            assertThat(handshake(tunnel.port(), "-tls1_3")).contains("Protocol version: TLSv1.3");
            assertThat(handshake(tunnel.port(), "-tls1_2")).contains("Protocol version: TLSv1.2");
            assertThat(handshake(tunnel.port(), "-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0"))
                .doesNotContain("CONNECTION ESTABLISHED");
        }
    }

    @Test
    void ssl_version_min_tlsv1_with_security_level_0_allows_tls_1_0_with_a_warning() throws Exception {
        TestPki pki = new TestPki(dir);
        try (TestUpstream upstream = TestUpstream.echo();
             TunnelUnderTest tunnel = new TunnelUnderTest(dir, "openssl",
                 TunnelUnderTest.service(pki, upstream.port(), "sslVersionMin = TLSv1\nsecurityLevel = 0\n"))) {
            assertThat(tunnel.startupLines()).anyMatch(line -> line.startsWith("WARNING Service [svc]: TLSv1.3,"
                + " TLSv1.2, TLSv1.1, TLSv1 enabled: TLS 1.0 and 1.1 are deprecated (RFC 8996)"));
            assertThat(handshake(tunnel.port(), "-tls1", "-cipher", "DEFAULT@SECLEVEL=0"))
                .contains("Protocol version: TLSv1\n");
            assertThat(handshake(tunnel.port())).contains("Protocol version: TLSv1.3");
        }
    }

    @Test
    void ssl_version_pins_one_version() throws Exception {
        TestPki pki = new TestPki(dir);
        try (TestUpstream upstream = TestUpstream.echo();
             TunnelUnderTest tunnel = new TunnelUnderTest(dir, "openssl",
                 TunnelUnderTest.service(pki, upstream.port(), "sslVersion = TLSv1.3\n"))) {
            assertThat(handshake(tunnel.port(), "-tls1_2")).doesNotContain("CONNECTION ESTABLISHED");
            assertThat(handshake(tunnel.port(), "-tls1_3")).contains("Protocol version: TLSv1.3");
        }
    }

    @Test
    void ssl_version_max_caps_the_version() throws Exception {
        TestPki pki = new TestPki(dir);
        try (TestUpstream upstream = TestUpstream.echo();
             TunnelUnderTest tunnel = new TunnelUnderTest(dir, "jdk",
                 TunnelUnderTest.service(pki, upstream.port(), "sslVersionMax = TLSv1.2\n"))) {
            assertThat(handshake(tunnel.port())).contains("Protocol version: TLSv1.2");
        }
    }

    @Test
    void legacy_versions_need_the_openssl_engine() {
        TestPki pki = new TestPki(dir);
        assertThatThrownBy(() -> new TunnelUnderTest(dir, "jdk",
            TunnelUnderTest.service(pki, 1, "sslVersionMin = TLSv1.1\nsecurityLevel = 0\n")).close())
            .isInstanceOf(StartupException.class)
            .hasMessageContaining("TLSv1.1 (sslVersionMin/sslVersion) needs the openssl TLS engine");
    }

    @Test
    void sslv3_is_refused_at_start() {
        TestPki pki = new TestPki(dir);
        assertThatThrownBy(() -> new TunnelUnderTest(dir, "openssl",
            TunnelUnderTest.service(pki, 1, "sslVersion = SSLv3\n")).close())
            .isInstanceOf(StartupException.class).hasMessageContaining("SSLv3 is not available");
    }
}
