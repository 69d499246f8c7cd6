package io.jtunnel.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** failover = rr, local, delay, reset and logId over real connections. */
@Timeout(60)
class ConnectPolicyTest {
    @TempDir
    Path dir;


    private static String ask(int port) throws Exception {
        try (TlsTestClient client = TlsTestClient.connect(port, null, "TLSv1.3")) {
            client.send("?".getBytes(StandardCharsets.US_ASCII));
            return new String(client.socket().getInputStream().readNBytes(1), StandardCharsets.US_ASCII);
        }
    }

    @Test
    void round_robin_takes_the_addresses_in_turn() throws Exception {
        TestPki pki = new TestPki(dir);
        try (CapturedLog log = new CapturedLog();
             TestUpstream a = TestUpstream.naming("A");
             TestUpstream b = TestUpstream.naming("B");
             TunnelUnderTest tunnel = new TunnelUnderTest(dir, "openssl", "cert = " + pki.serverPem
                 + "\nconnect = 127.0.0.1:" + a.port() + "\nconnect = 127.0.0.1:" + b.port() + "\nfailover = rr\n")) {
            List<String> answers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                answers.add(ask(tunnel.port()));
            }
            assertThat(answers).containsAnyOf("A").containsAnyOf("B");
            assertThat(answers.get(0)).isNotEqualTo(answers.get(1));
            assertThat(answers.get(1)).isNotEqualTo(answers.get(2));
            assertThat(log.await("failover: round-robin, starting at entry #", Duration.ofSeconds(5))).isTrue();
        }
    }

    @Test
    void priority_order_always_starts_with_the_first_address() throws Exception {
        TestPki pki = new TestPki(dir);
        try (TestUpstream a = TestUpstream.naming("A");
             TestUpstream b = TestUpstream.naming("B");
             TunnelUnderTest tunnel = new TunnelUnderTest(dir, "openssl", "cert = " + pki.serverPem
                 + "\nconnect = 127.0.0.1:" + a.port() + "\nconnect = 127.0.0.1:" + b.port() + "\n")) {
            for (int i = 0; i < 3; i++) {
                assertThat(ask(tunnel.port())).isEqualTo("A");
            }
        }
    }

    @Test
    void local_sets_the_source_address_of_the_upstream_connection() throws Exception {
        TestPki pki = new TestPki(dir);
        List<String> sources = new CopyOnWriteArrayList<>();
        try (TestUpstream upstream = new TestUpstream(socket -> {
                sources.add(socket.getInetAddress().getHostAddress());
                socket.getOutputStream().write('x');
            });
             TunnelUnderTest tunnel = new TunnelUnderTest(dir, "openssl",
                 TunnelUnderTest.service(pki, upstream.port(), "local = 127.0.0.2\n"));
             TlsTestClient client = TlsTestClient.connect(tunnel.port(), null, "TLSv1.3")) {
            assertThat(client.socket().getInputStream().read()).isEqualTo('x');
            assertThat(sources).containsExactly("127.0.0.2");
        }
    }

    @Test
    void delayed_lookup_resolves_the_name_when_a_client_comes() throws Exception {
        TestPki pki = new TestPki(dir);
        try (TestUpstream a = TestUpstream.naming("A");
             TunnelUnderTest tunnel = new TunnelUnderTest(dir, "openssl", "cert = " + pki.serverPem
                 + "\nconnect = localhost:" + a.port() + "\ndelay = yes\n")) {
            assertThat(ask(tunnel.port())).isEqualTo("A");
        }
    }

    @Test
    void reset_yes_ends_a_failed_connection_with_rst_and_reset_no_with_fin() throws Exception {
        TestPki pki = new TestPki(dir);
        try (TestUpstream upstream = TestUpstream.naming("A");
             TunnelUnderTest resetting = new TunnelUnderTest(dir, "openssl",
                 TunnelUnderTest.service(pki, upstream.port(), ""));
             TunnelUnderTest closing = new TunnelUnderTest(dir, "openssl",
                 TunnelUnderTest.service(pki, upstream.port(), "reset = no\n"))) {
            assertThatThrownBy(() -> sendGarbageAndRead(resetting.port())).isInstanceOf(SocketException.class)
                .hasMessageContaining("reset");
            assertThat(sendGarbageAndRead(closing.port())).as("end of stream, no reset").isEqualTo(-1);
        }
    }

    @Test
    void unique_log_ids_are_22_letters_and_digits() throws Exception {
        TestPki pki = new TestPki(dir);
        try (CapturedLog log = new CapturedLog();
             TestUpstream upstream = TestUpstream.naming("A");
             TunnelUnderTest tunnel = new TunnelUnderTest(dir, "openssl",
                 TunnelUnderTest.service(pki, upstream.port(), "logId = unique\n"))) {
            assertThat(ask(tunnel.port())).isEqualTo("A");
            assertThat(log.await(line -> line.matches("\\[[0-9a-zA-Z]{22}\\]: Service \\[svc\\] accepted connection .*"),
                Duration.ofSeconds(5))).as("%s", log.lines()).isTrue();
        }
    }

    @Test
    void process_log_ids_are_the_pid() throws Exception {
        TestPki pki = new TestPki(dir);
        try (CapturedLog log = new CapturedLog();
             TestUpstream upstream = TestUpstream.naming("A");
             TunnelUnderTest tunnel = new TunnelUnderTest(dir, "openssl",
                 TunnelUnderTest.service(pki, upstream.port(), "logId = process\n"))) {
            assertThat(ask(tunnel.port())).isEqualTo("A");
            assertThat(log.await("[" + ProcessHandle.current().pid() + "]: Service [svc] accepted connection",
                Duration.ofSeconds(5))).as("%s", log.lines()).isTrue();
        }
    }

    /** Sends a bad TLS record, so the handshake fails, then reads until the tunnel ends the connection. */
    private static int sendGarbageAndRead(int port) throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(new byte[] {0x16, 0x03, 0x01, 0x00, 0x05, 1, 2, 3, 4, 5});
            socket.getOutputStream().flush();
            Thread.sleep(300); // let the alert and the close arrive together
            InputStream in = socket.getInputStream();
            int last;
            byte[] buffer = new byte[1024];
            while ((last = in.read(buffer)) >= 0) {
                // the alert
            }
            return last;
        }
    }
}
