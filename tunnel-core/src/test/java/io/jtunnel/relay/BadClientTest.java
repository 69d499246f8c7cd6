package io.jtunnel.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** One bad client never disturbs another: garbage, plain HTTP and silence are each dealt with alone. */
@Timeout(60)
class BadClientTest {
    @TempDir
    Path dir;

    @Test
    void garbage_and_plain_http_are_rejected_while_a_transfer_on_another_connection_completes() throws Exception {
        TestPki pki = new TestPki(dir);
        try (CapturedLog log = new CapturedLog();
             TestUpstream upstream = TestUpstream.echo();
             TunnelUnderTest tunnel = new TunnelUnderTest(dir, "openssl",
                 TunnelUnderTest.service(pki, upstream.port(), ""));
             TlsTestClient good = TlsTestClient.connect(tunnel.port(), null, "TLSv1.3")) {
            byte[] first = "first half ".getBytes(StandardCharsets.US_ASCII);
            good.send(first);

            byte[] garbage = new byte[64 * 1024];
            new Random(7).nextBytes(garbage);
            try (Socket bad = new Socket(InetAddress.getLoopbackAddress(), tunnel.port())) {
                bad.getOutputStream().write(garbage);
                bad.setSoTimeout(10_000);
                assertThat(readUntilClosed(bad)).isTrue();
            }
            try (Socket http = new Socket(InetAddress.getLoopbackAddress(), tunnel.port())) {
                OutputStream out = http.getOutputStream();
                out.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                http.setSoTimeout(10_000);
                assertThat(readUntilClosed(http)).isTrue();
            }

            good.send("second half".getBytes(StandardCharsets.US_ASCII));
            good.halfClose();
            assertThat(good.readToEnd()).asString(StandardCharsets.US_ASCII).isEqualTo("first half second half");
            assertThat(log.await("SSL_accept: http request", Duration.ofSeconds(5))).as("%s", log.lines()).isTrue();
            assertThat(log.contains("SSL_accept: wrong version number")).isTrue();
            assertThat(upstream.connections()).isEqualTo(1);
            assertThat(tunnel.awaitNoOpenChannels(Duration.ofSeconds(5))).as("every channel closed").isTrue();
        }
    }

    @Test
    void client_that_never_sends_a_hello_is_reset_after_timeout_busy() throws Exception {
        TestPki pki = new TestPki(dir);
        try (CapturedLog log = new CapturedLog();
             TestUpstream upstream = TestUpstream.echo();
             TunnelUnderTest tunnel = new TunnelUnderTest(dir, "openssl",
                 TunnelUnderTest.service(pki, upstream.port(), "TIMEOUTbusy = 1\n"));
             Socket silent = new Socket(InetAddress.getLoopbackAddress(), tunnel.port())) {
            silent.setSoTimeout(10_000);
            long start = System.nanoTime();
            assertThat(readUntilClosed(silent)).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(800),
                Duration.ofSeconds(5));
            assertThat(log.await("ssl_start: s_poll_wait: TIMEOUTbusy exceeded: sending reset",
                Duration.ofSeconds(5))).as("%s", log.lines()).isTrue();
        }
    }

    /** True once the peer closed or reset the connection. */
    private static boolean readUntilClosed(Socket socket) throws Exception {
        try {
            byte[] buffer = new byte[4096];
            while (socket.getInputStream().read(buffer) >= 0) {
                // an alert may come first
            }
            return true;
        } catch (java.net.SocketException reset) {
            return true;
        }
    }
}
