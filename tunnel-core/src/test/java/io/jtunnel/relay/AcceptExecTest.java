package io.jtunnel.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * accept+exec: every connection runs a real program ({@code /bin/cat}, shell scripts, Debian's stunnel4) with its
 * stdin/stdout as the plain side, with stunnel's environment, argument splitting, log lines and half-close.
 */
@Timeout(60)
@EnabledOnOs(OS.LINUX)
class AcceptExecTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void cat_answers_after_the_client_half_closed_and_its_exit_is_logged() throws Exception {
        TestPki pki = new TestPki(dir);
        try (CapturedLog log = new CapturedLog();
             TunnelUnderTest tunnel = new TunnelUnderTest(dir, "openssl", "cert = " + pki.serverPem
                 + "\nexec = /bin/cat\n");
             TlsTestClient client = TlsTestClient.connect(tunnel.port(), null, "TLSv1.3")) {
            client.send("hello through cat\n".getBytes(StandardCharsets.US_ASCII));
            client.halfClose();

            assertThat(text(client.readToEnd())).isEqualTo("hello through cat\n");
            assertThat(log.await("Connection closed: 18 byte(s) sent to TLS, 18 byte(s) sent to socket", WAIT))
                .as("log %s", log.lines()).isTrue();
            assertThat(log.await(line -> line.matches("\\[\\d+]: Child process \\d+ finished with code 0"), WAIT))
                .as("log %s", log.lines()).isTrue();
            assertThat(log.lines()).anyMatch(line -> line.matches("\\[\\d+]: Local mode child started \\(PID=\\d+\\)"));
        }
    }

    @Test
    void program_gets_stunnels_environment_and_split_arguments_and_its_exit_code_is_logged() throws Exception {
        TestPki pki = new TestPki(dir);
        Path clientPem = dir.resolve("client.pem");
        pki.client.writeCertificate(clientPem);
        Path program = ExecScripts.write(dir, "env.sh", """
            echo "args=$#|$1|$2|$3"
            echo "host=$REMOTE_HOST"
            echo "port=$REMOTE_PORT"
            echo "dn=$SSL_CLIENT_DN"
            echo "idn=$SSL_CLIENT_I_DN"
            input=$(cat)
            sleep 0.3
            echo "got=$input"
            exit 3
            """);
        try (CapturedLog log = new CapturedLog();
             TunnelUnderTest tunnel = new TunnelUnderTest(dir, "openssl", "cert = " + pki.serverPem
                 + "\nCAfile = " + pki.caPem + "\nverifyChain = yes\nexec = " + program
                 + "\nexecArgs = env.sh  one\ttwo   three\n");
             TlsTestClient client = TlsTestClient.connect(TlsTestClient.context(pki.client), tunnel.port(),
                 "TLSv1.3")) {
            client.send("request".getBytes(StandardCharsets.US_ASCII));
            client.halfClose(); // the program's answer comes after its stdin ended

            List<String> lines = text(client.readToEnd()).lines().toList();

            assertThat(lines).containsExactly(
                "args=3|one|two|three",
                "host=127.0.0.1",
                "port=" + client.socket().getLocalPort(),
                "dn=" + openssl("-subject", clientPem),
                "idn=" + openssl("-issuer", clientPem),
                "got=request");
            assertThat(log.await(line -> line.matches("\\[\\d+]: Child process \\d+ finished with code 3"), WAIT))
                .as("log %s", log.lines()).isTrue();
        }
    }

    /** OpenSSL's one-line name, as stunnel's X509_NAME2text prints it. */
    private static String openssl(String which, Path certificate) throws Exception {
        Process process = new ProcessBuilder("openssl", "x509", "-noout", which, "-nameopt",
            "oneline,-esc_msb,-space_eq", "-in", certificate.toString()).redirectErrorStream(true).start();
        String out = text(process.getInputStream().readAllBytes()).strip();
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return out.substring(out.indexOf('=') + 1);
    }

    @Test
    void dollar_zero_from_exec_args_reaches_the_program() throws Exception {
        TestPki pki = new TestPki(dir);
        // sh -c 'cat /proc/$$/cmdline': the shell's own argv, NUL-separated (no quoting exists in execArgs)
        try (TunnelUnderTest tunnel = new TunnelUnderTest(dir, "openssl", "cert = " + pki.serverPem
                 + "\nexec = /bin/sh\nexecArgs = my-zero -c cat${IFS}/proc/$$/cmdline\n");
             TlsTestClient client = TlsTestClient.connect(tunnel.port(), null, "TLSv1.3")) {
            client.halfClose();

            assertThat(text(client.readToEnd())).startsWith("my-zero\0-c\0cat${IFS}/proc/$$/cmdline\0");
        }
    }

    @Test
    void client_without_certificate_gets_no_certificate_variables() throws Exception {
        TestPki pki = new TestPki(dir);
        Path program = ExecScripts.write(dir, "dn.sh", "echo \"dn=${SSL_CLIENT_DN-unset} idn=${SSL_CLIENT_I_DN-unset}\"\n");
        try (TunnelUnderTest tunnel = new TunnelUnderTest(dir, "openssl", "cert = " + pki.serverPem
                 + "\nexec = " + program + "\n");
             TlsTestClient client = TlsTestClient.connect(tunnel.port(), null, "TLSv1.3")) {
            assertThat(text(client.readToEnd())).isEqualTo("dn=unset idn=unset\n");
        }
    }

    @Test
    void program_that_cannot_start_is_logged_and_the_client_is_closed_with_nothing() throws Exception {
        TestPki pki = new TestPki(dir);
        Path missing = dir.resolve("no-such-program");
        try (CapturedLog log = new CapturedLog();
             TunnelUnderTest tunnel = new TunnelUnderTest(dir, "openssl", "cert = " + pki.serverPem
                 + "\nexec = " + missing + "\n");
             TlsTestClient client = TlsTestClient.connect(tunnel.port(), null, "TLSv1.3")) {
            // as a stunnel client sees a child whose execve failed: an empty answer, then close_notify
            assertThat(client.readToEnd()).isEmpty();
            client.halfClose();

            assertThat(log.await("Cannot execute " + missing + ": error=2, No such file or directory", WAIT))
                .as("log %s", log.lines()).isTrue();
            assertThat(log.await("Connection closed: 0 byte(s) sent to TLS, 0 byte(s) sent to socket", WAIT))
                .as("log %s", log.lines()).isTrue();
        }
    }

    @Test
    void program_still_running_when_the_client_leaves_is_terminated() throws Exception {
        TestPki pki = new TestPki(dir);
        Path pidFile = dir.resolve("sleeper.pid");
        // ignores its stdin ending and keeps its stdout open: TIMEOUTclose ends the connection, then SIGTERM the
        // program
        Path program = ExecScripts.write(dir, "sleeper.sh", "echo $$ > " + pidFile + "\nexec sleep 60\n");
        try (CapturedLog log = new CapturedLog();
             TunnelUnderTest tunnel = new TunnelUnderTest(dir, "openssl", "cert = " + pki.serverPem
                 + "\nexec = " + program + "\nTIMEOUTclose = 1\n")) {
            try (TlsTestClient client = TlsTestClient.connect(tunnel.port(), null, "TLSv1.3")) {
                assertThat(log.await("Local mode child started", WAIT)).isTrue();
            }

            assertThat(log.await(line -> line.matches("\\[\\d+]: Child process \\d+ terminated on SIGTERM"), WAIT))
                .as("log %s", log.lines()).isTrue();
            long pid = Long.parseLong(Files.readString(pidFile).strip());
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        }
    }

    @Test
    void client_mode_speaks_tls_to_the_program_here_stunnel4_in_inetd_mode() throws Exception {
        TestPki pki = new TestPki(dir);
        Path stunnelLog = dir.resolve("stunnel.log");
        // stunnel4 without sections: TLS server on its stdin/stdout, /bin/cat behind it; logs only to the file
        Path inetdConf = dir.resolve("stunnel-inetd.conf");
        Files.writeString(inetdConf, "output = " + stunnelLog + "\nsyslog = no\ndebug = info\ncert = "
            + pki.serverPem + "\nexec = /bin/cat\n");
        try (CapturedLog log = new CapturedLog();
             TunnelUnderTest tunnel = new TunnelUnderTest(dir, "openssl", "client = yes\nexec = /usr/bin/stunnel4"
                 + "\nexecArgs = stunnel4 " + inetdConf + "\n");
             Socket client = new Socket(java.net.InetAddress.getLoopbackAddress(), tunnel.port())) {
            client.setSoTimeout(20_000);
            client.getOutputStream().write("plain in, TLS to stunnel4\n".getBytes(StandardCharsets.US_ASCII));
            client.shutdownOutput();

            assertThat(text(client.getInputStream().readAllBytes())).isEqualTo("plain in, TLS to stunnel4\n");
            assertThat(log.await("TLS connected: new session negotiated", WAIT)).as("log %s", log.lines()).isTrue();
            assertThat(log.lines()).contains("[0]: SNI: extension disabled");
            // stunnel4's own inetd mode on pipes: the line jtunnel's inetd mode copies
            assertThat(Files.readString(stunnelLog)).contains("LOG5[0]: Service [stunnel] accepted connection\n")
                .contains("TLS accepted: new session negotiated");
        }
    }
}
