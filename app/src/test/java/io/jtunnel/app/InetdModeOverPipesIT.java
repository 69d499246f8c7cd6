package io.jtunnel.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * inetd mode on pipes, client mode: plain bytes written to jtunnel's stdin travel with TLS to Debian's stunnel4 (a
 * server section running /bin/cat), the echo comes back on jtunnel's stdout, which carries nothing else (the log
 * goes to stderr), and jtunnel exits 0 once the connection ended.
 */
@Timeout(120)
@EnabledOnOs(OS.LINUX)
class InetdModeOverPipesIT {
    @TempDir
    Path dir;

    @Test
    void stdin_travels_with_tls_to_stunnel4_and_the_answer_is_all_of_stdout() throws Exception {
        Pki pki = Pki.create(dir);
        int stunnelPort = FreePorts.next();
        Path stunnelConf = Configs.write(dir.resolve("stunnel-server.conf"), "foreground = yes\npid =\ndebug = info\n"
            + "[cat]\naccept = 127.0.0.1:" + stunnelPort + "\ncert = " + pki.serverCombined + "\nexec = /bin/cat\n");
        Path conf = Configs.write(dir.resolve("inetd.conf"), "foreground = yes\nsyslog = no\ndebug = info\n"
            + "service = pipes\nclient = yes\nconnect = 127.0.0.1:" + stunnelPort + "\n");
        Path stdout = dir.resolve("jtunnel.stdout");
        Path stderr = dir.resolve("jtunnel.stderr");
        byte[] request = "plain bytes on stdin\n".repeat(2000).getBytes(StandardCharsets.US_ASCII);
        try (StunnelProcess stunnel = StunnelProcess.start(dir, stunnelConf, stunnelPort)) {
            Process process = Processes.start(JtunnelProcess.command(conf.toString()), dir, stdout, stderr);
            try {
                try (OutputStream stdin = process.getOutputStream()) {
                    stdin.write(request);
                }

                assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("jtunnel exits; log:%n%s",
                    Processes.read(stderr)).isTrue();
                assertThat(process.exitValue()).as("log:%n%s", Processes.read(stderr)).isZero();
                assertThat(Files.readAllBytes(stdout)).isEqualTo(request);
                assertThat(Processes.read(stderr)).contains("LOG5[0]: Service [pipes] accepted connection\n")
                    .contains("TLS connected: new session negotiated")
                    .contains("Connection closed: " + request.length + " byte(s) sent to TLS, " + request.length
                        + " byte(s) sent to socket");
                assertThat(stunnel.log()).contains("Local mode child started");
            } finally {
                Processes.kill(process);
            }
        }
    }
}
