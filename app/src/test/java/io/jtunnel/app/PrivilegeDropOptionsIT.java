package io.jtunnel.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stunnel.conf with {@code setuid}/{@code setgid} (common in Linux configs): as root jtunnel refuses to start,
 * since it cannot drop privileges itself; as any other user it starts and says it runs unprivileged.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PrivilegeDropOptionsIT {
    @TempDir
    static Path dir;

    static Pki pki;

    @BeforeAll
    static void certificates() throws IOException {
        pki = Pki.create(dir);
    }

    @Test
    void setuid_is_refused_as_root_and_noted_otherwise() {
        String config = "setuid = nobody\nsetgid = nogroup\n" + Configs.seed(pki, FreePorts.next(), FreePorts.next());
        Path file = Configs.write(dir.resolve("setuid.conf"), config);
        String user = System.getProperty("user.name");

        if ("root".equals(user)) {
            JtunnelProcess.Result result = JtunnelProcess.run(dir, Duration.ofSeconds(30), file.toString());
            assertThat(result.exitCode()).as("exit code; output:%n%s", result.all()).isEqualTo(1);
            assertThat(result.stderr()).contains(
                "[!] setuid = nobody, setgid = nogroup: jtunnel cannot drop root privileges itself",
                "[!] Start it as nobody instead (systemd: User=/Group= in the unit");
        } else {
            try (JtunnelProcess jtunnel = JtunnelProcess.start(dir, file.toString()).awaitListening()) {
                assertThat(jtunnel.stderr())
                    .contains("setuid = nobody, setgid = nogroup: jtunnel does not switch users; it runs unprivileged as "
                        + user);
                assertThat(jtunnel.stop()).isZero();
            }
        }
    }
}
