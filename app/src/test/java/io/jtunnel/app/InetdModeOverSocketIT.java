package io.jtunnel.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * inetd mode as inetd or systemd {@code Accept=yes} run it: jtunnel's stdin and stdout are one TCP socket (bash's
 * {@code <>/dev/tcp} stands in for inetd), the file has no section, and jtunnel serves that one TLS connection
 * (server mode, to an echo upstream), then exits 0.
 */
@Timeout(120)
@EnabledOnOs(OS.LINUX)
class InetdModeOverSocketIT {
    @TempDir
    Path dir;

    @Test
    void serves_the_tls_connection_on_its_stdin_socket_with_half_close_then_exits_0() throws Exception {
        Pki pki = Pki.create(dir);
        try (ServerSocket inetd = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             ServerSocket upstream = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread echo = new Thread(() -> {
                try (Socket socket = upstream.accept()) {
                    socket.getInputStream().transferTo(socket.getOutputStream());
                    socket.shutdownOutput();
                } catch (java.io.IOException ignored) {
                    // the test fails on the missing answer
                }
            }, "echo-upstream");
            echo.setDaemon(true);
            echo.start();
            Path conf = Configs.write(dir.resolve("inetd.conf"), "foreground = yes\nsyslog = no\ndebug = info\ncert = "
                + pki.serverCombined + "\nconnect = 127.0.0.1:" + upstream.getLocalPort() + "\n");
            String jtunnel = String.join(" ", JtunnelProcess.command(conf.toString()).stream()
                .map(arg -> "'" + arg + "'").toList());
            Path stderr = dir.resolve("jtunnel.stderr");
            Process process = Processes.start(List.of("bash", "-c", "exec " + jtunnel + " <>/dev/tcp/127.0.0.1/"
                + inetd.getLocalPort() + " >&0"), dir, dir.resolve("bash.stdout"), stderr);
            try {
                inetd.setSoTimeout(30_000);
                Socket accepted = inetd.accept();
                try (SSLSocket tls = TunnelClient.over(pki, accepted)) {
                    tls.getOutputStream().write("hello over inetd\n".getBytes(StandardCharsets.US_ASCII));
                    tls.shutdownOutput(); // close_notify; the echo's answer must still come

                    assertThat(new String(tls.getInputStream().readAllBytes(), StandardCharsets.US_ASCII))
                        .isEqualTo("hello over inetd\n");
                }

                assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("jtunnel exits; log:%n%s",
                    Processes.read(stderr)).isTrue();
                assertThat(process.exitValue()).isZero();
                String log = Processes.read(stderr);
                assertThat(log).contains("LOG5[0]: Service [stunnel] accepted connection from 127.0.0.1:"
                        + inetd.getLocalPort())
                    .contains("TLS accepted: new session negotiated")
                    .contains("Connection closed: 17 byte(s) sent to TLS, 17 byte(s) sent to socket")
                    .doesNotContain("Accepting new connections");
            } finally {
                Processes.kill(process);
            }
        }
    }
}
