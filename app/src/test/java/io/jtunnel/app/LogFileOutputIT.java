package io.jtunnel.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code output = FILE} with {@code foreground = no}, as a service runs: the log goes to the file in stunnel's line
 * format ({@code 2026.11.22 04:08:55 LOG5[0]: ...}) with the per-connection lines, and nothing goes to stderr.
 * jtunnel never forks, so it stays a child process here, and the path is absolute as stunnel requires.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LogFileOutputIT {
    private static final String STAMP = "\\d{4}\\.\\d\\d\\.\\d\\d \\d\\d:\\d\\d:\\d\\d ";

    @TempDir
    static Path dir;

    static Pki pki;
    IcapStubProcess stub;
    JtunnelProcess jtunnel;

    @BeforeAll
    static void certificates() throws IOException {
        pki = Pki.create(dir);
    }

    @AfterEach
    void stop() {
        if (jtunnel != null) {
            jtunnel.close();
        }
        if (stub != null) {
            stub.close();
        }
    }

    @Test
    void connection_lines_go_to_the_output_file_in_stunnel_format_and_nothing_to_stderr() {
        stub = IcapStubProcess.start(dir);
        int port = FreePorts.next();
        Path logFile = dir.toAbsolutePath().resolve("log").resolve("jtunnel.log");
        logFile.getParent().toFile().mkdirs();
        String config = Configs.seed(pki, port, stub.port)
            .replace("foreground = yes\n", "foreground = no\noutput = " + logFile + "\n");
        jtunnel = JtunnelProcess.start(dir, Configs.write(dir.resolve("stunnel.conf"), config).toString())
            .awaitListening(logFile);

        OpensslClient.Result result = new OpensslClient(dir).withCertificate(pki.clientCert, pki.clientKey)
            .send(port, Icap.options(), Duration.ofSeconds(15));
        assertThat(result.stdout()).as("s_client stderr:%n%s", result.stderr()).startsWith("ICAP/1.0 200 OK\r\n");

        Processes.await(() -> Processes.read(logFile).contains("Connection closed:"), Duration.ofSeconds(15));
        String log = Processes.read(logFile);
        Matcher accepted = Pattern.compile("(?m)^" + STAMP + "LOG5\\[(\\d+)]: Service \\["
            + Pattern.quote(Configs.SERVICE) + "] accepted connection from 127\\.0\\.0\\.1:\\d+$").matcher(log);
        assertThat(accepted.find()).as("accepted line in%n%s", log).isTrue();
        String id = accepted.group(1);
        int requestBytes = Icap.options().length;
        int answerBytes = result.stdout().getBytes(StandardCharsets.ISO_8859_1).length;
        assertThat(log).containsPattern("(?m)^" + STAMP + "LOG5\\[" + id + "]: Connection closed: " + answerBytes
            + " byte\\(s\\) sent to TLS, " + requestBytes + " byte\\(s\\) sent to socket$");
        assertThat(log).containsPattern("(?m)^" + STAMP + "LOG6\\[(ui|main)]: Accepting new connections$");

        assertThat(jtunnel.stop()).as("exit code after SIGTERM").isZero();
        assertThat(Processes.read(logFile)).containsPattern("LOG5\\[(ui|main)]: Terminated");
        assertThat(jtunnel.stderr()).as("stderr with foreground = no").isEmpty();
        assertThat(jtunnel.stdout()).as("stdout with foreground = no").isEmpty();
    }

    @Test
    void output_default_is_used_when_the_configuration_names_no_output_file_and_never_overrides_one()
        throws IOException {
        Path defaultLog = dir.toAbsolutePath().resolve("default-log").resolve("jtunnel.log");
        defaultLog.getParent().toFile().mkdirs();
        String withoutOutput = Configs.seed(pki, FreePorts.next(), FreePorts.next())
            .replace("foreground = yes\n", "foreground = no\n");
        jtunnel = JtunnelProcess.start(dir, "--output-default", defaultLog.toString(),
            Configs.write(dir.resolve("no-output.conf"), withoutOutput).toString()).awaitListening(defaultLog);
        assertThat(jtunnel.stop()).isZero();
        assertThat(Processes.read(defaultLog)).containsPattern("LOG5\\[(ui|main)]: Terminated");

        Path configured = dir.toAbsolutePath().resolve("default-log").resolve("configured.log");
        String withOutput = withoutOutput.replace("foreground = no\n", "foreground = no\noutput = " + configured + "\n");
        long before = Processes.read(defaultLog).length();
        jtunnel = JtunnelProcess.start(dir, "--output-default", defaultLog.toString(),
            Configs.write(dir.resolve("with-output.conf"), withOutput).toString()).awaitListening(configured);
        assertThat(jtunnel.stop()).isZero();
        assertThat(Processes.read(defaultLog)).as("the default file is untouched").hasSize((int) before);
    }
}
