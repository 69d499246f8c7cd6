package io.jtunnel.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code redirect}: clients that fail authentication (no certificate, or a rejected one) are sent to another upstream
 * after the handshake instead of being refused; a resumed session is judged again, never trusted for being resumed.
 */
@Timeout(60)
class RedirectTest {
    @TempDir
    Path dir;

    private static String ask(SSLContext context, int port, String protocol) throws Exception {
        try (TlsTestClient client = TlsTestClient.connect(context, port, protocol)) {
            client.send("?".getBytes(StandardCharsets.US_ASCII));
            return new String(client.socket().getInputStream().readNBytes(1), StandardCharsets.US_ASCII);
        }
    }

    private String service(TestPki pki, int connectPort, int redirectPort) {
        return TunnelUnderTest.service(pki, connectPort, "CAfile = " + pki.caPem + "\nverifyChain = yes\n"
            + "redirect = 127.0.0.1:" + redirectPort + "\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void authenticated_clients_reach_connect_and_the_others_the_redirect_target(String protocol) throws Exception {
        TestPki pki = new TestPki(dir);
        try (CapturedLog log = new CapturedLog();
             TestUpstream real = TestUpstream.naming("A");
             TestUpstream decoy = TestUpstream.naming("B");
             TunnelUnderTest tunnel = new TunnelUnderTest(dir, "openssl", service(pki, real.port(), decoy.port()))) {
            assertThat(ask(TlsTestClient.context(pki.client), tunnel.port(), protocol)).isEqualTo("A");
            assertThat(ask(TlsTestClient.context(null), tunnel.port(), protocol)).isEqualTo("B");
            assertThat(ask(TlsTestClient.context(pki.foreignClient), tunnel.port(), protocol)).isEqualTo("B");
            assertThat(log.await("Redirecting connection", Duration.ofSeconds(5))).isTrue();
            assertThat(log.contains("Rejected by CERT at depth=1: CN=some other CA")).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void resumed_sessions_are_judged_again(String protocol) throws Exception {
        TestPki pki = new TestPki(dir);
        try (CapturedLog log = new CapturedLog();
             TestUpstream real = TestUpstream.naming("A");
             TestUpstream decoy = TestUpstream.naming("B");
             TunnelUnderTest tunnel = new TunnelUnderTest(dir, "openssl", service(pki, real.port(), decoy.port()))) {
            SSLContext good = TlsTestClient.context(pki.client);
            SSLContext foreign = TlsTestClient.context(pki.foreignClient);
            assertThat(ask(good, tunnel.port(), protocol)).isEqualTo("A");
            assertThat(ask(foreign, tunnel.port(), protocol)).isEqualTo("B");
            assertThat(ask(good, tunnel.port(), protocol)).as("resumed, authenticated").isEqualTo("A");
            assertThat(ask(foreign, tunnel.port(), protocol)).as("resumed, still rejected").isEqualTo("B");
            assertThat(log.await(line -> line.matches("\\[[23]\\]: TLS accepted: previous session reused"),
                Duration.ofSeconds(5))).as("the later connections resumed: %s", log.lines()).isTrue();
        }
    }
}
