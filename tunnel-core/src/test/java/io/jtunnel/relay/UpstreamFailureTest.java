package io.jtunnel.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What the client sees when the appliance is down, and stunnel's default failover (prio) to the next address. */
@Timeout(60)
class UpstreamFailureTest {
    @TempDir
    Path dir;

    @Test
    void refused_upstream_ends_the_connection_after_the_handshake_with_stunnels_messages() throws Exception {
        TestPki pki = new TestPki(dir);
        int closedPort = unusedPort();
        try (CapturedLog log = new CapturedLog();
             TunnelUnderTest tunnel = new TunnelUnderTest(dir, "openssl",
                 TunnelUnderTest.service(pki, closedPort, ""));
             TlsTestClient client = TlsTestClient.connect(tunnel.port(), null, "TLSv1.3")) {
            client.send("OPTIONS icap://x/ ICAP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(client.readToEnd()).isEmpty();
            assertThat(log.await("No more addresses to connect", Duration.ofSeconds(5))).as("%s", log.lines())
                .isTrue();
            assertThat(log.contains("s_connect: connect 127.0.0.1:" + closedPort + ": Connection refused (111)"))
                .isTrue();
            assertThat(log.await("Connection reset: 0 byte(s) sent to TLS", Duration.ofSeconds(5))).isTrue();
        }
    }

    @Test
    void second_connect_address_is_used_when_the_first_refuses() throws Exception {
        TestPki pki = new TestPki(dir);
        int closedPort = unusedPort();
        try (TestUpstream upstream = TestUpstream.echo();
             TunnelUnderTest tunnel = new TunnelUnderTest(dir, "openssl", "cert = " + pki.serverPem
                 + "\nconnect = 127.0.0.1:" + closedPort + "\nconnect = 127.0.0.1:" + upstream.port() + "\n");
             TlsTestClient client = TlsTestClient.connect(tunnel.port(), null, "TLSv1.3")) {
            client.send("hello".getBytes(StandardCharsets.US_ASCII));
            client.halfClose();
            assertThat(client.readToEnd()).asString(StandardCharsets.US_ASCII).isEqualTo("hello");
            assertThat(upstream.connections()).isEqualTo(1);
        }
    }

    private static int unusedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
