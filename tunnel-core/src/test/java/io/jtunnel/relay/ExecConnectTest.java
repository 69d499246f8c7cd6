package io.jtunnel.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * exec+connect (no accept): the program is started with the tunnel and its stdin/stdout are relayed through TLS to
 * {@code connect} (client mode, a TLS echo server here); {@code retry = yes} starts it again after it ends, until a
 * reload or a stop.
 */
@Timeout(60)
@EnabledOnOs(OS.LINUX)
class ExecConnectTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private static boolean await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (java.io.IOException e) {
            return "";
        }
    }

    @Test
    void program_talks_through_tls_to_connect_and_gets_the_answer_after_closing_its_output() throws Exception {
        TestPki pki = new TestPki(dir);
        Path received = dir.resolve("received");
        // sends, ends its output (stderr shares the pipe, so both close), then keeps reading what comes back
        Path program = ExecScripts.write(dir, "talk.sh", "printf ping\nexec 1>&- 2>&-\ncat > " + received + "\n");
        try (CapturedLog log = new CapturedLog();
             TlsTestServer server = new TlsTestServer(pki.server, null);
             TunnelUnderTest tunnel = TunnelUnderTest.ofConfig(dir, "openssl", "debug = debug\n[svc]\n"
                 + "client = yes\nexec = " + program + "\nconnect = 127.0.0.1:" + server.port() + "\n")) {

            assertThat(await(() -> read(received).equals("pingBYE"))).as("received %s, log %s", read(received),
                log.lines()).isTrue();
            assertThat(log.await("Connection closed: 4 byte(s) sent to TLS, 7 byte(s) sent to socket", WAIT))
                .as("log %s", log.lines()).isTrue();
            assertThat(log.lines()).anyMatch(line -> line.matches("\\[\\d+]: Local mode child started \\(PID=\\d+\\)"))
                .anyMatch(line -> line.matches("\\[\\d+]: Service \\[svc] accepted connection from 127\\.0\\.0\\.1:\\d+"))
                .anyMatch(line -> line.matches("\\[\\d+]: TLS connected: new session negotiated"))
                .noneMatch(line -> line.contains("Retrying"));
        }
    }

    @Test
    void retry_starts_the_program_again_with_numbered_ids_until_a_reload() throws Exception {
        TestPki pki = new TestPki(dir);
        Path runs = dir.resolve("runs");
        Path program = ExecScripts.write(dir, "once.sh", "echo run >> " + runs + "\n");
        try (CapturedLog log = new CapturedLog();
             TlsTestServer server = new TlsTestServer(pki.server, null);
             TunnelUnderTest tunnel = TunnelUnderTest.ofConfig(dir, "openssl", "debug = debug\n[svc]\n"
                 + "client = yes\nexec = " + program + "\nretry = yes\nconnect = 127.0.0.1:" + server.port() + "\n")) {

            assertThat(await(() -> read(runs).lines().count() >= 3)).as("runs: %s", read(runs)).isTrue();
            Matcher first = Pattern.compile("\\[(\\d+)_0]: Retrying an exec\\+connect section").matcher(
                String.join("\n", log.lines()));
            assertThat(first.find()).as("log %s", log.lines()).isTrue();
            String id = first.group(1);
            assertThat(log.lines()).contains("[" + id + "_1]: Retrying an exec+connect section")
                .anyMatch(line -> line.startsWith("[" + id + "_1]: Local mode child started"))
                .anyMatch(line -> line.startsWith("[" + id + "_1]: Connection closed"));

            // a reload to a configuration without the section: no further start
            tunnel.reload("[other]\naccept = 127.0.0.1:0\nconnect = 127.0.0.1:1\ncert = " + pki.serverPem + "\n");
            long afterReload = read(runs).lines().count();
            Thread.sleep(2500); // more than two retry pauses
            assertThat(read(runs).lines().count()).as("runs after the reload").isLessThanOrEqualTo(afterReload + 1);
            long settled = read(runs).lines().count();
            Thread.sleep(1500);
            assertThat(read(runs).lines().count()).isEqualTo(settled);
        }
    }

    @Test
    void stopping_the_tunnel_ends_the_retrying() throws Exception {
        TestPki pki = new TestPki(dir);
        Path runs = dir.resolve("runs");
        Path program = ExecScripts.write(dir, "once.sh", "echo run >> " + runs + "\n");
        TlsTestServer server = new TlsTestServer(pki.server, null);
        try (server; CapturedLog log = new CapturedLog()) {
            TunnelUnderTest tunnel = TunnelUnderTest.ofConfig(dir, "openssl", "[svc]\nclient = yes\nexec = " + program
                + "\nretry = yes\nconnect = 127.0.0.1:" + server.port() + "\n");
            assertThat(await(() -> read(runs).lines().count() >= 2)).as("runs: %s", read(runs)).isTrue();

            tunnel.close();
            Thread.sleep(1500); // a program started just before the stop may still write its line
            long settled = read(runs).lines().count();
            Thread.sleep(2500); // more than two retry pauses
            assertThat(read(runs).lines().count()).isEqualTo(settled);
        }
    }
}
