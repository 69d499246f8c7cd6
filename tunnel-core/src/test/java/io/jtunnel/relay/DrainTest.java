package io.jtunnel.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM's drain: the listener closes at once, open connections go on relaying until they end by themselves, and the
 * wait is bounded (or cut short) so that a stuck client cannot hold the stop forever.
 */
@Timeout(60)
class DrainTest {
    @TempDir
    Path dir;


    @Test
    void open_connection_keeps_relaying_while_new_ones_are_refused_and_drain_ends_when_it_closes() throws Exception {
        TestPki pki = new TestPki(dir);
        try (TestUpstream a = TestUpstream.naming("A");
             TunnelUnderTest tunnel = new TunnelUnderTest(dir, "openssl", TunnelUnderTest.service(pki, a.port(), ""))) {
            TlsTestClient open = TlsTestClient.connect(tunnel.port(), null, "TLSv1.3");
            assertThat(open.ask()).isEqualTo("A");

            CompletableFuture<Integer> drained =
                CompletableFuture.supplyAsync(() -> tunnel.drain(Duration.ofSeconds(30), () -> false));

            Listening.awaitRefused(tunnel.port());
            assertThat(open.ask()).as("the open connection still relays").isEqualTo("A");
            assertThat(drained).isNotDone();

            open.close();
            assertThat(drained.get(10, TimeUnit.SECONDS)).as("connections left").isZero();
        }
    }

    @Test
    void drain_gives_up_after_its_limit_and_reports_what_is_still_open() throws Exception {
        TestPki pki = new TestPki(dir);
        try (TestUpstream a = TestUpstream.naming("A");
             TunnelUnderTest tunnel = new TunnelUnderTest(dir, "openssl", TunnelUnderTest.service(pki, a.port(), ""));
             TlsTestClient open = TlsTestClient.connect(tunnel.port(), null, "TLSv1.3")) {
            assertThat(open.ask()).isEqualTo("A");

            long started = System.nanoTime();
            int left = tunnel.drain(Duration.ofMillis(300), () -> false);

            assertThat(left).isEqualTo(1);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
            tunnel.close();
            assertThat(tunnel.awaitNoOpenChannels(Duration.ofSeconds(5))).as("close ends the rest").isTrue();
        }
    }

    @Test
    void a_cancelled_drain_returns_at_once() throws Exception {
        TestPki pki = new TestPki(dir);
        try (TestUpstream a = TestUpstream.naming("A");
             TunnelUnderTest tunnel = new TunnelUnderTest(dir, "openssl", TunnelUnderTest.service(pki, a.port(), ""));
             TlsTestClient open = TlsTestClient.connect(tunnel.port(), null, "TLSv1.3")) {
            assertThat(open.ask()).isEqualTo("A");

            long started = System.nanoTime();
            int left = tunnel.drain(Duration.ofSeconds(30), () -> true);

            assertThat(left).isEqualTo(1);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        }
    }
}
