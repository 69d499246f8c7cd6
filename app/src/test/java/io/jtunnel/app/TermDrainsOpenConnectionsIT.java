package io.jtunnel.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM drains (a service manager's stop must not cut a file that is being judged): the listener closes at once,
 * an open ICAP connection keeps relaying requests and answers until its client ends it, then jtunnel exits 0. The
 * drain is bounded by {@code --drain-timeout}, and a second signal ends it at once.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class TermDrainsOpenConnectionsIT {
    @TempDir
    static Path dir;

    static Pki pki;

    JtunnelProcess jtunnel;
    IcapStubProcess appliance;

    @BeforeAll
    static void certificates() throws IOException {
        pki = Pki.create(dir);
    }

    @AfterEach
    void kill() {
        if (jtunnel != null) {
            jtunnel.close();
        }
        if (appliance != null) {
            appliance.close();
        }
    }

    private int startTunnel(String... options) {
        appliance = IcapStubProcess.start(dir);
        int port = FreePorts.next();
        Path config = Configs.write(dir.resolve("drain-" + port + ".conf"), Configs.seed(pki, port, appliance.port));
        String[] args = new String[options.length + 1];
        System.arraycopy(options, 0, args, 0, options.length);
        args[options.length] = config.toString();
        jtunnel = JtunnelProcess.start(dir, args).awaitListening();
        return port;
    }

    @Test
    void open_connection_is_served_after_sigterm_until_its_client_closes_it() throws Exception {
        int port = startTunnel();
        try (SSLSocket client = TunnelClient.connect(pki, port)) {
            assertThat(optionsAnswer(client)).startsWith("ICAP/1.0 200");
            int mark = jtunnel.logMark();

            jtunnel.signal("TERM");
            jtunnel.awaitLogSince(mark, "Draining 1 open connection(s) for up to 30 s", Duration.ofSeconds(10));

            assertThat(awaitRefused(port)).as("new connections refused while draining").isTrue();
            assertThat(optionsAnswer(client)).as("the open connection still gets answers").startsWith("ICAP/1.0 200");
            assertThat(jtunnel.isAlive()).isTrue();
        }
        assertThat(jtunnel.awaitExit(Duration.ofSeconds(10))).as("exits once the client is gone; log:%n%s",
            jtunnel.stderr()).isTrue();
        assertThat(jtunnel.stop()).isZero();
        assertThat(jtunnel.stderr()).contains("All connections ended").contains("LOG5[ui]: Terminated");
    }

    @Test
    void drain_ends_after_its_timeout_and_closes_what_is_left() throws Exception {
        int port = startTunnel("--drain-timeout", "1");
        try (SSLSocket client = TunnelClient.connect(pki, port)) {
            assertThat(optionsAnswer(client)).startsWith("ICAP/1.0 200");
            long start = System.nanoTime();

            jtunnel.signal("TERM");

            assertThat(jtunnel.awaitExit(Duration.ofSeconds(20))).as("log:%n%s", jtunnel.stderr()).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
            assertThat(readQuietly(client.getInputStream())).as("the client sees its connection end").isEqualTo(-1);
        }
        assertThat(jtunnel.stop()).isZero();
        assertThat(jtunnel.stderr()).contains("Closing 1 connection(s) still open after the 1 s drain");
    }

    @Test
    void second_signal_ends_the_drain_at_once() throws Exception {
        int port = startTunnel();
        try (SSLSocket client = TunnelClient.connect(pki, port)) {
            assertThat(optionsAnswer(client)).startsWith("ICAP/1.0 200");
            int mark = jtunnel.logMark();
            jtunnel.signal("TERM");
            jtunnel.awaitLogSince(mark, "Draining 1 open connection(s)", Duration.ofSeconds(10));

            jtunnel.signal("INT");

            assertThat(jtunnel.awaitExit(Duration.ofSeconds(10))).as("log:%n%s", jtunnel.stderr()).isTrue();
        }
        assertThat(jtunnel.stop()).isZero();
        assertThat(jtunnel.stderr()).contains("Closing 1 connection(s) still open on a second signal");
    }

    private static String optionsAnswer(SSLSocket client) throws IOException {
        OutputStream out = client.getOutputStream();
        out.write(Icap.options());
        out.flush();
        return Icap.readHead(client.getInputStream());
    }

    private static boolean awaitRefused(int port) {
        return Processes.await(() -> {
            try (Socket probe = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return false;
            } catch (ConnectException refused) {
                return true;
            } catch (IOException other) {
                return false;
            }
        }, Duration.ofSeconds(10));
    }

    private static int readQuietly(InputStream in) {
        try {
            return in.read();
        } catch (IOException reset) {
            return -1;
        }
    }
}
