package io.jtunnel.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** TIMEOUTidle while both directions are open, TIMEOUTclose once one has closed (reference §4.2). */
@Timeout(60)
class TimeoutTest {
    @TempDir
    Path dir;

    @Test
    void idle_connection_is_reset_after_timeout_idle() throws Exception {
        TestPki pki = new TestPki(dir);
        try (CapturedLog log = new CapturedLog();
             TestUpstream upstream = TestUpstream.echo();
             TunnelUnderTest tunnel = new TunnelUnderTest(dir, "openssl",
                 TunnelUnderTest.service(pki, upstream.port(), "TIMEOUTidle = 1\n"));
             TlsTestClient client = TlsTestClient.connect(tunnel.port(), null, "TLSv1.3")) {
            client.send("ping".getBytes(StandardCharsets.US_ASCII));
            InputStream in = client.socket().getInputStream();
            byte[] echo = in.readNBytes(4);
            assertThat(echo).asString(StandardCharsets.US_ASCII).isEqualTo("ping");
            long start = System.nanoTime();
            assertThat(client.readToEnd()).isEmpty();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(700),
                Duration.ofSeconds(5));
            assertThat(log.await("transfer: s_poll_wait: TIMEOUTidle exceeded: sending reset",
                Duration.ofSeconds(5))).as("%s", log.lines()).isTrue();
        }
    }

    @Test
    void activity_keeps_a_connection_alive_past_timeout_idle() throws Exception {
        TestPki pki = new TestPki(dir);
        try (TestUpstream upstream = TestUpstream.echo();
             TunnelUnderTest tunnel = new TunnelUnderTest(dir, "openssl",
                 TunnelUnderTest.service(pki, upstream.port(), "TIMEOUTidle = 1\n"));
             TlsTestClient client = TlsTestClient.connect(tunnel.port(), null, "TLSv1.3")) {
            InputStream in = client.socket().getInputStream();
            for (int i = 0; i < 6; i++) { // 3 s in all, never 1 s quiet
                client.send("x".getBytes(StandardCharsets.US_ASCII));
                assertThat(in.read()).isEqualTo('x');
                Thread.sleep(500);
            }
        }
    }

    @Test
    void upstream_that_never_answers_a_half_closed_client_is_closed_after_timeout_close() throws Exception {
        TestPki pki = new TestPki(dir);
        CountDownLatch release = new CountDownLatch(1);
        try (CapturedLog log = new CapturedLog();
             TestUpstream upstream = new TestUpstream(socket -> {
                 socket.getInputStream().readAllBytes(); // gets the FIN, then says nothing
                 release.await(30, TimeUnit.SECONDS);
             });
             TunnelUnderTest tunnel = new TunnelUnderTest(dir, "openssl",
                 TunnelUnderTest.service(pki, upstream.port(), "TIMEOUTclose = 1\n"));
             TlsTestClient client = TlsTestClient.connect(tunnel.port(), null, "TLSv1.3")) {
            client.send("request".getBytes(StandardCharsets.US_ASCII));
            client.halfClose();
            long start = System.nanoTime();
            assertThat(client.readToEnd()).isEmpty();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(700),
                Duration.ofSeconds(5));
            assertThat(log.await("transfer: s_poll_wait: TIMEOUTclose exceeded: closing", Duration.ofSeconds(5)))
                .as("%s", log.lines()).isTrue();
            assertThat(log.await("Connection closed: 0 byte(s) sent to TLS, 7 byte(s) sent to socket",
                Duration.ofSeconds(5))).isTrue();
        } finally {
            release.countDown();
        }
    }
}
