package io.jtunnel.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code options}: protocol exclusions and CIPHER_SERVER_PREFERENCE against the real openssl s_client. */
@Timeout(60)
class TlsOptionsTest {
    @TempDir
    Path dir;

    @Test
    void no_tls_options_take_versions_away() throws Exception {
        TestPki pki = new TestPki(dir);
        try (TestUpstream upstream = TestUpstream.echo();
             TunnelUnderTest only13 = new TunnelUnderTest(dir, "openssl",
                 TunnelUnderTest.service(pki, upstream.port(), "options = NO_SSLv3\noptions = NO_TLSv1_2\n"));
             TunnelUnderTest only12 = new TunnelUnderTest(dir, "openssl",
                 TunnelUnderTest.service(pki, upstream.port(), "options = NO_TLSv1_3\n"))) {
            assertThat(SClient.brief(only13.port(), "-tls1_2")).doesNotContain("CONNECTION ESTABLISHED");
            assertThat(SClient.brief(only13.port(), "-tls1_3")).contains("Protocol version: TLSv1.3");
            assertThat(SClient.brief(only12.port())).contains("Protocol version: TLSv1.2");
        }
    }

    @Test
    void cipher_server_preference_makes_the_servers_order_win() throws Exception {
        TestPki pki = new TestPki(dir);
        String clientOrder = "AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384";
        try (TestUpstream upstream = TestUpstream.echo();
             TunnelUnderTest clientWins = new TunnelUnderTest(dir, "openssl",
                 TunnelUnderTest.service(pki, upstream.port(), ""));
             TunnelUnderTest serverWins = new TunnelUnderTest(dir, "openssl",
                 TunnelUnderTest.service(pki, upstream.port(), "options = CIPHER_SERVER_PREFERENCE\n"))) {
            assertThat(SClient.brief(clientWins.port(), "-tls1_2", "-cipher", clientOrder))
                .contains("Ciphersuite: AES128-GCM-SHA256");
            assertThat(SClient.brief(serverWins.port(), "-tls1_2", "-cipher", clientOrder))
                .contains("Ciphersuite: ECDHE-RSA-AES256-GCM-SHA384");
        }
    }
}
