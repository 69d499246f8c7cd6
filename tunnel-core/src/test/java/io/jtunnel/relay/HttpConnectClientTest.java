package io.jtunnel.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.jtunnel.relay.TestConnectProxy.Answer;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code client = yes} with {@code protocol = connect}: the TLS connection goes through an HTTP proxy, opened with
 * stunnel's CONNECT request; a refusal resets the client's connection.
 */
@Timeout(60)
class HttpConnectClientTest {
    @TempDir
    Path dir;

    /** The logged texts without their {@code [id]: } prefix. */
    static java.util.List<String> texts(CapturedLog log) {
        return log.lines().stream().map(line -> line.substring(line.indexOf("]: ") + 3)).toList();
    }

    private static String viaProxy(TestConnectProxy proxy, String protocolHost, String more) {
        return "client = yes\nconnect = 127.0.0.1:" + proxy.port() + "\nprotocol = connect\nprotocolHost = "
            + protocolHost + "\n" + more;
    }

    @ParameterizedTest
    @ValueSource(strings = {"openssl", "jdk"})
    void tls_goes_through_the_proxy_after_stunnels_request(String engine) throws Exception {
        TestPki pki = new TestPki(dir);
        try (CapturedLog log = new CapturedLog();
             TlsTestServer server = new TlsTestServer(pki.server, null);
             TestConnectProxy proxy = new TestConnectProxy(Answer.OK);
             TunnelUnderTest tunnel = new TunnelUnderTest(dir, engine, viaProxy(proxy, "localhost:" + server.port(),
                 "protocolUsername = bob\nprotocolPassword = s3cret\nprotocolHeader = X-Test: one\n"
                     + "protocolHeader = User-Agent: jtunnel-test\n"))) {
            assertThat(PlainClient.exchange(tunnel.port(), "OPTIONS icap://x/ ICAP/1.0\r\n\r\n"))
                .isEqualTo("OPTIONS icap://x/ ICAP/1.0\r\n\r\nBYE");
            assertThat(proxy.requests).containsExactly(java.util.List.of(
                "CONNECT localhost:" + server.port() + " HTTP/1.1",
                "Host: localhost:" + server.port(),
                "Proxy-Authorization: basic Ym9iOnMzY3JldA==",
                "X-Test: one",
                "User-Agent: jtunnel-test",
                ""));
            assertThat(server.serverNames).as("SNI from protocolHost").containsExactly("localhost");
            assertThat(log.await("Connection closed", Duration.ofSeconds(5))).as("%s", log.lines()).isTrue();
            assertThat(texts(log)).containsSubsequence(
                "s_connect: connected 127.0.0.1:" + proxy.port(),
                " -> CONNECT localhost:" + server.port() + " HTTP/1.1",
                " -> Proxy-Authorization: basic (hidden)",
                " <- HTTP/1.1 200 Connection established",
                "CONNECT request accepted",
                " <- Via: 1.1 test-proxy",
                "SNI: sending servername: localhost",
                "TLS connected: new session negotiated");
            assertThat(String.join("\n", log.lines())).as("the password never reaches the log")
                .doesNotContain("s3cret", "Ym9iOnMzY3JldA");
        }
    }

    @Test
    void any_2xx_status_in_http_1_0_opens_the_tunnel_as_in_stunnel() throws Exception {
        TestPki pki = new TestPki(dir);
        try (TlsTestServer server = new TlsTestServer(pki.server, null);
             TestConnectProxy proxy = new TestConnectProxy(Answer.OK_204_HTTP10);
             TunnelUnderTest tunnel = new TunnelUnderTest(dir, "openssl",
                 viaProxy(proxy, "127.0.0.1:" + server.port(), ""))) {
            assertThat(PlainClient.exchange(tunnel.port(), "x")).isEqualTo("xBYE");
            assertThat(proxy.requests).singleElement().asList().hasSize(3); // no credentials: no such header
            assertThat(server.serverNames).containsExactly("127.0.0.1");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Answer.class, names = {"PROXY_AUTH_REQUIRED", "FORBIDDEN", "GARBAGE"})
    void a_refusal_resets_the_connection_without_trying_the_next_address(Answer answer) throws Exception {
        TestPki pki = new TestPki(dir);
        try (CapturedLog log = new CapturedLog();
             TlsTestServer server = new TlsTestServer(pki.server, null);
             TestConnectProxy refusing = new TestConnectProxy(answer);
             TestConnectProxy willing = new TestConnectProxy(Answer.OK);
             TunnelUnderTest tunnel = new TunnelUnderTest(dir, "openssl", viaProxy(refusing,
                 "localhost:" + server.port(), "connect = 127.0.0.1:" + willing.port() + "\n"))) {
            assertThat(PlainClient.exchange(tunnel.port(), "secret")).isEmpty();
            assertThat(log.await("Connection reset: 0 byte(s) sent to TLS, 0 byte(s) sent to socket",
                Duration.ofSeconds(10))).as("%s", log.lines()).isTrue();
            assertThat(texts(log)).contains("CONNECT request rejected");
            assertThat(refusing.connections()).isEqualTo(1);
            assertThat(willing.connections()).as("stunnel does not fail over after a refusal").isZero();
            assertThat(server.serverNames).isEmpty();
            assertThat(tunnel.awaitNoOpenChannels(Duration.ofSeconds(5))).isTrue();
        }
    }

    @Test
    void an_unreachable_proxy_fails_over_to_the_next_one() throws Exception {
        TestPki pki = new TestPki(dir);
        int closed;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = probe.getLocalPort();
        }
        try (TlsTestServer server = new TlsTestServer(pki.server, null);
             TestConnectProxy proxy = new TestConnectProxy(Answer.OK);
             TunnelUnderTest tunnel = new TunnelUnderTest(dir, "openssl", "client = yes\nconnect = 127.0.0.1:"
                 + closed + "\nconnect = 127.0.0.1:" + proxy.port() + "\nprotocol = connect\nprotocolHost = localhost:"
                 + server.port() + "\n")) {
            assertThat(PlainClient.exchange(tunnel.port(), "x")).isEqualTo("xBYE");
            assertThat(proxy.connections()).isEqualTo(1);
        }
    }

    @Test
    void a_proxy_that_hangs_up_or_says_too_much_is_reported_as_stunnel_does() throws Exception {
        TestPki pki = new TestPki(dir);
        try (CapturedLog log = new CapturedLog();
             TlsTestServer server = new TlsTestServer(pki.server, null);
             TestConnectProxy hangUp = new TestConnectProxy(Answer.HANG_UP);
             TestConnectProxy endless = new TestConnectProxy(Answer.ENDLESS_LINE);
             TunnelUnderTest first = new TunnelUnderTest(dir, "openssl", viaProxy(hangUp, "localhost:1", ""));
             TunnelUnderTest second = new TunnelUnderTest(dir, "openssl", viaProxy(endless, "localhost:1", ""))) {
            assertThat(PlainClient.exchange(first.port(), "x")).isEmpty();
            assertThat(log.await("s_read: Unexpected socket close", Duration.ofSeconds(10))).as("%s", log.lines())
                .isTrue();
            assertThat(PlainClient.exchange(second.port(), "x")).isEmpty();
            assertThat(log.await("fd_getline: Line too long", Duration.ofSeconds(10))).as("%s", log.lines())
                .isTrue();
            assertThat(server.serverNames).isEmpty();
        }
    }

    @Test
    void a_silent_proxy_is_given_up_after_timeout_busy() throws Exception {
        try (CapturedLog log = new CapturedLog();
             TestConnectProxy proxy = new TestConnectProxy(Answer.SILENT);
             TunnelUnderTest tunnel = new TunnelUnderTest(dir, "openssl",
                 viaProxy(proxy, "localhost:1", "TIMEOUTbusy = 1\n"))) {
            try (Socket client = new Socket(InetAddress.getLoopbackAddress(), tunnel.port())) {
                client.setSoTimeout(15_000);
                client.getOutputStream().write('x');
                assertThat(log.await("s_read_eof: s_poll_wait: TIMEOUTbusy exceeded: sending reset",
                    Duration.ofSeconds(10))).as("%s", log.lines()).isTrue();
                try {
                    assertThat(client.getInputStream().read()).isEqualTo(-1);
                } catch (java.net.SocketException reset) {
                    assertThat(reset.getMessage()).contains("reset");
                }
            }
            assertThat(proxy.requests).hasSize(1);
            assertThat(texts(log)).contains("Connection reset: 0 byte(s) sent to TLS, 0 byte(s) sent to socket");
        }
    }
}
