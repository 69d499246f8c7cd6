package io.jtunnel.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every byte arrives, in order: 64 MiB each way at the same time, SHA-256 compared at both ends. */
@Timeout(120)
class BulkTransferTest {
    private static final int SIZE = 64 * 1024 * 1024;

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"openssl", "jdk"})
    void sixty_four_mebibytes_each_way_arrive_intact(String engine) throws Exception {
        TestPki pki = new TestPki(dir);
        String upSent = digestOf(1);
        String downSent = digestOf(2);
        CompletableFuture<String> upReceived = new CompletableFuture<>();
        try (TestUpstream upstream = new TestUpstream(socket -> {
                Thread writer = startWriter(socket.getOutputStream(), 2, () -> socket.shutdownOutput());
                upReceived.complete(digest(socket.getInputStream()));
                writer.join();
            });
             TunnelUnderTest tunnel = new TunnelUnderTest(dir, engine,
                 TunnelUnderTest.service(pki, upstream.port(), "TIMEOUTclose = 10\n"));
             TlsTestClient client = TlsTestClient.connect(tunnel.port(), null, "TLSv1.3")) {
            Thread writer = startWriter(client.socket().getOutputStream(), 1, client::halfClose);
            String downReceived = digest(client.socket().getInputStream());
            writer.join();

            assertThat(upReceived.get(60, TimeUnit.SECONDS)).as("client to upstream").isEqualTo(upSent);
            assertThat(downReceived).as("upstream to client").isEqualTo(downSent);
            assertThat(upstream.failures()).isEmpty();
        }
    }

    private interface Closer {
        void close() throws Exception;
    }

    private static Thread startWriter(OutputStream out, long seed, Closer done) {
        Thread thread = new Thread(() -> {
            try {
                Random random = new Random(seed);
                byte[] chunk = new byte[64 * 1024];
                for (int sent = 0; sent < SIZE; sent += chunk.length) {
                    random.nextBytes(chunk);
                    out.write(chunk);
                }
                out.flush();
                done.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "writer-" + seed);
        thread.start();
        return thread;
    }

    private static String digestOf(long seed) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        Random random = new Random(seed);
        byte[] chunk = new byte[64 * 1024];
        for (int sent = 0; sent < SIZE; sent += chunk.length) {
            random.nextBytes(chunk);
            sha.update(chunk);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static String digest(InputStream in) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] buffer = new byte[64 * 1024];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            sha.update(buffer, 0, n);
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
