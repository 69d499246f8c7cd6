package io.jtunnel.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM ends jtunnel as it ends stunnel: exit code 0, the pid file (written as {@code <pid>\n} while running)
 * removed, {@code Terminated} as the last log line. With {@code --drain-timeout 0} open connections are dropped at
 * once, as stunnel drops them, without log lines after {@code Terminated}; the drain is {@link TermDrainsOpenConnectionsIT}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TerminationIT {
    private static final String TERMINATED = "\\d{4}\\.\\d\\d\\.\\d\\d \\d\\d:\\d\\d:\\d\\d LOG5\\[ui]: Terminated";

    @TempDir
    static Path dir;

    static Pki pki;

    JtunnelProcess jtunnel;
    RecordingUpstream upstream;

    @BeforeAll
    static void certificates() throws IOException {
        pki = Pki.create(dir);
    }

    @AfterEach
    void kill() throws IOException {
        if (jtunnel != null) {
            jtunnel.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    @Test
    void sigterm_exits_0_removes_the_pid_file_and_logs_Terminated_last() throws IOException {
        Path pidFile = dir.resolve("run").resolve("jtunnel.pid");
        Files.createDirectories(pidFile.getParent());
        Path config = Configs.write(dir.resolve("pid.conf"),
            "pid = " + pidFile + "\n" + Configs.seed(pki, FreePorts.next(), FreePorts.next()));
        jtunnel = JtunnelProcess.start(dir, config.toString()).awaitListening();

        assertThat(pidFile).as("pid file while running").isRegularFile();
        assertThat(Files.readString(pidFile, StandardCharsets.US_ASCII)).isEqualTo(jtunnel.pid() + "\n");

        int exitCode = jtunnel.stop();

        assertThat(exitCode).as("exit code after SIGTERM; log:%n%s", jtunnel.stderr()).isZero();
        assertThat(pidFile).as("pid file after exit").doesNotExist();
        assertThat(lastLine(jtunnel.stderr())).as("last log line of%n%s", jtunnel.stderr()).matches(TERMINATED);
    }

    @Test
    void without_drain_sigterm_drops_open_connections_at_once_and_logs_Terminated_last() throws Exception {
        int port = FreePorts.next();
        upstream = new RecordingUpstream();
        Path config = Configs.write(dir.resolve("busy.conf"), Configs.seed(pki, port, upstream.port()));
        jtunnel = JtunnelProcess.start(dir, "--drain-timeout", "0", config.toString()).awaitListening();

        int exitCode;
        long millis;
        // one client that never started its handshake, one with an established tunnel the appliance is answering
        try (Socket stalled = new Socket(InetAddress.getLoopbackAddress(), port);
             SSLSocket established = TunnelClient.connect(pki, port)) {
            established.getOutputStream().write(Icap.options());
            established.getOutputStream().flush();
            assertThat(Processes.await(() -> upstream.bytes() >= Icap.options().length, Duration.ofSeconds(10)))
                .as("request relayed; log:%n%s", jtunnel.stderr()).isTrue();
            jtunnel.awaitLogSince(0, "accepted connection from 127.0.0.1:" + stalled.getLocalPort(),
                Duration.ofSeconds(10));

            long start = System.nanoTime();
            exitCode = jtunnel.stop();
            millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            InputStream in = established.getInputStream();
            assertThat(readQuietly(in)).as("the established client sees its connection end").isEqualTo(-1);
        }

        assertThat(exitCode).as("exit code after SIGTERM; log:%n%s", jtunnel.stderr()).isZero();
        assertThat(millis).as("milliseconds from SIGTERM to exit").isLessThan(10_000);
        assertThat(lastLine(jtunnel.stderr())).as("last log line of%n%s", jtunnel.stderr()).matches(TERMINATED);
    }

    private static int readQuietly(InputStream in) {
        try {
            return in.read();
        } catch (IOException reset) {
            return -1;
        }
    }

    private static String lastLine(String log) {
        List<String> lines = log.lines().filter(line -> !line.isBlank()).toList();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }
}
