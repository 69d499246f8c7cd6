package io.jtunnel.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jtunnel.runtime.StartupException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** ciphers, ciphersuites and curves against the real openssl s_client. */
@Timeout(90)
class CipherControlsTest {
    @TempDir
    Path dir;

    @Test
    void ciphers_in_openssl_syntax_limit_tls_1_2_suites() throws Exception {
        TestPki pki = new TestPki(dir);
        try (TestUpstream upstream = TestUpstream.echo();
             TunnelUnderTest one = new TunnelUnderTest(dir, "openssl",
                 TunnelUnderTest.service(pki, upstream.port(), "ciphers = ECDHE-RSA-AES128-GCM-SHA256\n"));
             TunnelUnderTest high = new TunnelUnderTest(dir, "openssl",
                 TunnelUnderTest.service(pki, upstream.port(), "ciphers = AES256+ECDHE:!aNULL:@SECLEVEL=2\n"))) {
            assertThat(SClient.brief(one.port(), "-tls1_2")).contains("Ciphersuite: ECDHE-RSA-AES128-GCM-SHA256");
            assertThat(SClient.brief(one.port(), "-tls1_2", "-cipher", "ECDHE-RSA-AES256-GCM-SHA384"))
                .doesNotContain("CONNECTION ESTABLISHED");
            assertThat(SClient.brief(high.port(), "-tls1_2")).contains("Ciphersuite: ECDHE-RSA-AES256-GCM-SHA384");
            assertThat(high.startupLines()).anyMatch(line -> line.contains("@SECLEVEL in ciphers is ignored"));
        }
    }

    @Test
    void a_cipher_string_that_selects_nothing_fails_the_start() {
        TestPki pki = new TestPki(dir);
        assertThatThrownBy(() -> new TunnelUnderTest(dir, "openssl",
            TunnelUnderTest.service(pki, 1, "ciphers = NO-SUCH-CIPHER\n")).close())
            .isInstanceOf(StartupException.class).hasMessageContaining("BoringSSL accepts no cipher");
    }

    @Test
    void the_jdk_engine_takes_suite_names_but_not_openssl_syntax() throws Exception {
        TestPki pki = new TestPki(dir);
        assertThatThrownBy(() -> new TunnelUnderTest(dir, "jdk",
            TunnelUnderTest.service(pki, 1, "ciphers = HIGH:!aNULL\n")).close())
            .isInstanceOf(StartupException.class).hasMessageContaining("OpenSSL cipher-string syntax");
        try (TestUpstream upstream = TestUpstream.echo();
             TunnelUnderTest named = new TunnelUnderTest(dir, "jdk",
                 TunnelUnderTest.service(pki, upstream.port(), "ciphers = ECDHE-RSA-AES256-GCM-SHA384\n"))) {
            assertThat(SClient.brief(named.port(), "-tls1_2")).contains("Ciphersuite: ECDHE-RSA-AES256-GCM-SHA384");
        }
    }

    @Test
    void ciphersuites_restricting_tls_1_3_runs_the_service_on_the_jdk_engine() throws Exception {
        TestPki pki = new TestPki(dir);
        try (TestUpstream upstream = TestUpstream.echo();
             TunnelUnderTest tunnel = new TunnelUnderTest(dir, "openssl",
                 TunnelUnderTest.service(pki, upstream.port(), "ciphersuites = TLS_AES_128_GCM_SHA256\n"))) {
            assertThat(SClient.brief(tunnel.port(), "-tls1_3", "-ciphersuites", "TLS_AES_128_GCM_SHA256"))
                .contains("Ciphersuite: TLS_AES_128_GCM_SHA256");
            assertThat(SClient.brief(tunnel.port(), "-tls1_3", "-ciphersuites", "TLS_AES_256_GCM_SHA384"))
                .doesNotContain("CONNECTION ESTABLISHED");
            assertThat(tunnel.startupLines()).anyMatch(line -> line.contains("this service uses the jdk engine"));
        }
    }

    @Test
    void curves_choose_the_key_exchange_group() throws Exception {
        TestPki pki = new TestPki(dir);
        try (TestUpstream upstream = TestUpstream.echo();
             TunnelUnderTest tunnel = new TunnelUnderTest(dir, "openssl",
                 TunnelUnderTest.service(pki, upstream.port(), "curves = secp384r1\n"))) {
            assertThat(SClient.brief(tunnel.port(), "-tls1_3", "-groups", "X25519:secp384r1")).contains("secp384r1");
            assertThat(SClient.brief(tunnel.port(), "-tls1_3", "-groups", "X25519"))
                .doesNotContain("CONNECTION ESTABLISHED");
        }
        assertThatThrownBy(() -> new TunnelUnderTest(dir, "openssl",
            TunnelUnderTest.service(pki, 1, "curves = no-such-group\n")).close())
            .isInstanceOf(StartupException.class).hasMessageContaining("Invalid groups list in 'curves'");
    }
}
