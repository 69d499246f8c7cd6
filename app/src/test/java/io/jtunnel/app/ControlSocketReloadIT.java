package io.jtunnel.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.jtunnel.app.control.ControlClient;
import io.jtunnel.app.control.ControlReply;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The control socket that the Windows service's {@code -reload}/{@code -reopen}/{@code -exit} use, against the real
 * process: a reload through it adds a service without a restart, a broken file is refused with its reasons while the
 * old configuration runs on, and {@code exit} stops jtunnel (exit 0). The directory is owner-only.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ControlSocketReloadIT {
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
    void reload_reopen_and_exit_through_the_control_socket() throws Exception {
        upstream = new RecordingUpstream();
        int first = FreePorts.next();
        int second = FreePorts.next();
        Path controlDir = dir.resolve("run");
        Path config = Configs.write(dir.resolve("control.conf"), Configs.seed(pki, first, upstream.port()));
        jtunnel = JtunnelProcess.start(dir, "--control-dir", controlDir.toString(), config.toString())
            .awaitListening();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(controlDir))).isEqualTo("rwx------");

        Configs.write(config, Configs.seed(pki, first, upstream.port()) + "[second]\n"
            + Configs.section(pki, second, upstream.port()));
        ControlReply reloaded = ControlClient.send(controlDir, config, "reload");
        assertThat(reloaded.ok()).as("reply %s; log:%n%s", reloaded.lines(), jtunnel.stderr()).isTrue();
        try (SSLSocket client = TunnelClient.connect(pki, second)) {
            assertThat(client.getSession().isValid()).as("the added service accepts").isTrue();
        }

        Configs.write(config, "[broken]\naccept = 127.0.0.1:" + FreePorts.next() + "\n");
        ControlReply refused = ControlClient.send(controlDir, config, "reload");
        assertThat(refused.ok()).isFalse();
        assertThat(String.join("\n", refused.lines())).contains("Service [broken]: TLS server needs a certificate", "Failed to reload the configuration file");
        try (SSLSocket client = TunnelClient.connect(pki, second)) {
            assertThat(client.getSession().isValid()).as("the old configuration runs on").isTrue();
        }

        assertThat(ControlClient.send(controlDir, config, "reopen").ok()).isTrue();

        ControlReply exit = ControlClient.send(controlDir, config, "exit");
        assertThat(exit.ok()).isTrue();
        assertThat(jtunnel.awaitExit(Duration.ofSeconds(30))).isTrue();
        assertThat(jtunnel.stop()).isZero();
        assertThat(jtunnel.stderr()).contains("Terminated");
        try (var left = Files.list(controlDir)) {
            assertThat(left).as("socket removed on exit").isEmpty();
        }
    }
}
