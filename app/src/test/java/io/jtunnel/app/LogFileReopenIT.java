package io.jtunnel.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** SIGUSR1 reopens the {@code output} file, as logrotate expects: lines after it go to a new file at the same path. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LogFileReopenIT {
    @TempDir
    Path dir;

    @Test
    void usr1_reopens_the_log_file_after_it_was_moved_away() throws Exception {
        Pki pki = Pki.create(dir);
        Path logFile = dir.toAbsolutePath().resolve("jtunnel.log");
        Path rotated = dir.toAbsolutePath().resolve("jtunnel.log.1");
        String config = Configs.seed(pki, FreePorts.next(), FreePorts.next())
            .replace("foreground = yes\n", "foreground = no\noutput = " + logFile + "\n");
        try (JtunnelProcess jtunnel = JtunnelProcess.start(dir, Configs.write(dir.resolve("stunnel.conf"), config)
            .toString()).awaitListening(logFile)) {
            Files.move(logFile, rotated);

            jtunnel.signal("USR1");

            assertThat(Processes.await(() -> Files.exists(logFile)
                && Processes.read(logFile).contains("Log file reopened"), Duration.ofSeconds(10)))
                .as("a new log file with the reopen line").isTrue();
            assertThat(Processes.read(rotated)).contains("Accepting new connections")
                .doesNotContain("Log file reopened");
            assertThat(jtunnel.isAlive()).isTrue();
        }
    }
}
