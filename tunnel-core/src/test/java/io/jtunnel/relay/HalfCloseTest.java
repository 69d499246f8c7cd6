package io.jtunnel.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Half-close both ways, as stunnel's transfer loop does it: a client's close_notify becomes a FIN to the upstream
 * while the upstream's later answer still reaches the client; an upstream's FIN becomes a close_notify while the
 * client may still send.
 */
@Timeout(60)
class HalfCloseTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"openssl, TLSv1.3", "openssl, TLSv1.2", "jdk, TLSv1.3", "jdk, TLSv1.2", "conscrypt, TLSv1.2"})
    void answer_sent_after_the_clients_close_notify_still_reaches_the_client(String engine, String protocol)
        throws Exception {
        TestPki pki = new TestPki(dir);
        CompletableFuture<String> upstreamReceived = new CompletableFuture<>();
        try (TestUpstream upstream = new TestUpstream(socket -> {
                String request = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                upstreamReceived.complete(request); // the FIN came: the client's close_notify was passed on
                Thread.sleep(300); // answer well after the client half-closed
                socket.getOutputStream().write("ICAP/1.0 200 OK\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                socket.shutdownOutput();
            });
             TunnelUnderTest tunnel = new TunnelUnderTest(dir, engine,
                 TunnelUnderTest.service(pki, upstream.port(), "TIMEOUTclose = 5\n"));
             TlsTestClient client = TlsTestClient.connect(tunnel.port(), null, protocol)) {
            client.send("OPTIONS icap://x/ ICAP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            client.halfClose();

            assertThat(upstreamReceived.get(10, TimeUnit.SECONDS)).isEqualTo("OPTIONS icap://x/ ICAP/1.0\r\n\r\n");
            assertThat(new String(client.readToEnd(), StandardCharsets.US_ASCII)).isEqualTo("ICAP/1.0 200 OK\r\n\r\n");
            assertThat(upstream.failures()).isEmpty();
        }
    }

    /** TLS 1.3 clients only: a JDK client in TLS 1.2 answers close_notify by closing its own side at once. */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"openssl, TLSv1.3", "jdk, TLSv1.3", "conscrypt, TLSv1.3"})
    void client_may_keep_sending_after_the_upstream_closed_its_side(String engine, String protocol) throws Exception {
        TestPki pki = new TestPki(dir);
        CompletableFuture<String> upstreamReceived = new CompletableFuture<>();
        try (TestUpstream upstream = new TestUpstream(socket -> {
                socket.getOutputStream().write("BYE\n".getBytes(StandardCharsets.US_ASCII));
                socket.shutdownOutput(); // FIN first; the tunnel must turn it into close_notify
                upstreamReceived.complete(new String(socket.getInputStream().readAllBytes(),
                    StandardCharsets.US_ASCII));
            });
             TunnelUnderTest tunnel = new TunnelUnderTest(dir, engine,
                 TunnelUnderTest.service(pki, upstream.port(), "TIMEOUTclose = 5\n"));
             TlsTestClient client = TlsTestClient.connect(tunnel.port(), null, protocol)) {
            InputStream in = client.socket().getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) >= 0) { // ends at the tunnel's close_notify
                got.write(b);
            }
            assertThat(got.toString(StandardCharsets.US_ASCII)).isEqualTo("BYE\n");

            client.send("LATE DATA".getBytes(StandardCharsets.US_ASCII));
            client.halfClose();
            assertThat(upstreamReceived.get(10, TimeUnit.SECONDS)).isEqualTo("LATE DATA");
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"openssl", "jdk"})
    void connection_closes_with_stunnels_byte_counts_once_both_sides_are_done(String engine) throws Exception {
        TestPki pki = new TestPki(dir);
        try (CapturedLog log = new CapturedLog();
             TestUpstream upstream = TestUpstream.echo();
             TunnelUnderTest tunnel = new TunnelUnderTest(dir, engine,
                 TunnelUnderTest.service(pki, upstream.port(), ""));
             TlsTestClient client = TlsTestClient.connect(tunnel.port(), null, "TLSv1.3")) {
            client.send("twelve bytes".getBytes(StandardCharsets.US_ASCII));
            client.halfClose();
            assertThat(client.readToEnd()).asString(StandardCharsets.US_ASCII).isEqualTo("twelve bytes");
            assertThat(log.await("Connection closed: 12 byte(s) sent to TLS, 12 byte(s) sent to socket",
                Duration.ofSeconds(10))).as("log: %s", log.lines()).isTrue();
            assertThat(log.contains("TLS closed (SSL_read)")).isTrue();
            assertThat(log.contains("Read socket closed (readsocket)")).isTrue();
            assertThat(tunnel.awaitNoOpenChannels(Duration.ofSeconds(5))).as("both sides closed").isTrue();
        }
    }
}
