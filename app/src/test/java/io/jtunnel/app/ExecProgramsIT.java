package io.jtunnel.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jtunnel running programs: accept+exec, where the program's stderr joins the connection unless
 * jtunnel logs to stderr (stunnel's rule), and exec+connect with {@code retry = yes} against Debian's stunnel4,
 * restarted after each end until TERM.
 */
@Timeout(120)
@EnabledOnOs(OS.LINUX)
class ExecProgramsIT {
    @TempDir
    Path dir;

    private Path script(String name, String body) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, "#!/bin/sh\n" + body, StandardCharsets.US_ASCII);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        return file;
    }

    @Test
    void program_stderr_joins_the_connection_when_jtunnel_does_not_log_to_stderr() throws Exception {
        Pki pki = Pki.create(dir);
        Path program = script("both.sh", "echo to-stdout\necho to-stderr >&2\n");
        int port = FreePorts.next();
        Path log = dir.resolve("jtunnel.log");
        Path conf = Configs.write(dir.resolve("exec.conf"), "foreground = quiet\nsyslog = no\ndebug = info\noutput = "
            + log + "\n[prog]\naccept = 127.0.0.1:" + port + "\ncert = " + pki.serverCombined + "\nexec = " + program
            + "\n");
        try (JtunnelProcess jtunnel = JtunnelProcess.start(dir, conf.toString()).awaitListening(log);
             SSLSocket client = TunnelClient.connect(pki, port)) {
            String answer = new String(client.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);

            assertThat(answer).isEqualTo("to-stdout\nto-stderr\n");
            assertThat(Processes.await(() -> Processes.read(log).contains("finished with code 0"),
                Duration.ofSeconds(10))).as("log:%n%s", Processes.read(log)).isTrue();
            assertThat(Processes.read(log)).containsPattern("LOG6\\[0]: Local mode child started \\(PID=\\d+\\)");
            assertThat(jtunnel.stderr()).doesNotContain("to-stderr");
        }
    }

    @Test
    void program_stderr_goes_to_jtunnels_stderr_with_foreground_yes() throws Exception {
        Pki pki = Pki.create(dir);
        Path program = script("both.sh", "echo to-stdout\necho to-stderr >&2\n");
        int port = FreePorts.next();
        Path conf = Configs.write(dir.resolve("exec.conf"), "foreground = yes\nsyslog = no\ndebug = info\n[prog]\n"
            + "accept = 127.0.0.1:" + port + "\ncert = " + pki.serverCombined + "\nexec = " + program + "\n");
        try (JtunnelProcess jtunnel = JtunnelProcess.start(dir, conf.toString()).awaitListening();
             SSLSocket client = TunnelClient.connect(pki, port)) {
            String answer = new String(client.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);

            assertThat(answer).isEqualTo("to-stdout\n");
            jtunnel.awaitLogSince(0, "to-stderr", Duration.ofSeconds(10));
        }
    }

    @Test
    void exec_connect_with_retry_runs_again_against_stunnel4_until_term() throws Exception {
        Pki pki = Pki.create(dir);
        int stunnelPort = FreePorts.next();
        Path stunnelConf = Configs.write(dir.resolve("stunnel-server.conf"), "foreground = yes\npid =\ndebug = info\n"
            + "[cat]\naccept = 127.0.0.1:" + stunnelPort + "\ncert = " + pki.serverCombined + "\nexec = /bin/cat\n");
        Path echoes = dir.resolve("echoes");
        // one line out, output closed (stderr shares the pipe), then the echo is appended to a file
        Path program = script("round.sh", "echo round\nexec 1>&- 2>&-\ncat >> " + echoes + "\n");
        Path conf = Configs.write(dir.resolve("exec-connect.conf"), "foreground = yes\nsyslog = no\ndebug = info\n"
            + "[dialer]\nclient = yes\nexec = " + program + "\nconnect = 127.0.0.1:" + stunnelPort + "\nretry = yes\n"
            + "CAfile = " + pki.caFile + "\nverifyChain = yes\ncheckHost = localhost\n");
        try (StunnelProcess stunnel = StunnelProcess.start(dir, stunnelConf, stunnelPort);
             JtunnelProcess jtunnel = JtunnelProcess.start(dir, conf.toString()).awaitListening()) {
            assertThat(Processes.await(() -> Processes.read(echoes).lines().count() >= 3, Duration.ofSeconds(30)))
                .as("echoes %s; log:%n%s", Processes.read(echoes), jtunnel.stderr()).isTrue();
            assertThat(Processes.read(echoes)).startsWith("round\nround\nround\n");
            assertThat(jtunnel.stderr()).containsPattern("LOG6\\[\\d+_0]: Retrying an exec\\+connect section")
                .containsPattern("LOG5\\[\\d+_1]: Certificate accepted at depth=0: O=jtunnel test, CN=localhost")
                .containsPattern("LOG5\\[\\d+_2]: Service \\[dialer] accepted connection from 127\\.0\\.0\\.1:\\d+");

            assertThat(jtunnel.stop()).isZero();
            long settled = Processes.read(echoes).lines().count();
            Thread.sleep(2500); // more than two retry pauses: nothing outlived jtunnel
            assertThat(Processes.read(echoes).lines().count()).isEqualTo(settled);
        }
    }
}
