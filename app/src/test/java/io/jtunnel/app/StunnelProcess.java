package io.jtunnel.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Debian's stunnel4 ({@code /usr/bin/stunnel4 CONFIG}) in the foreground, its log captured in a file. */
final class StunnelProcess implements AutoCloseable {
    static final Path BINARY = Path.of(System.getProperty("stunnel.binary", "/usr/bin/stunnel4"));

    private final Process process;
    private final Path log;

    private StunnelProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static StunnelProcess start(Path workDir, Path config, int acceptPort) {
        assertThat(BINARY).as("stunnel4 (Debian package stunnel4)").isExecutable();
        try {
            Path out = Files.createTempFile(workDir, "stunnel-", ".stdout");
            Path err = Files.createTempFile(workDir, "stunnel-", ".stderr");
            Process process = Processes.start(List.of(BINARY.toString(), config.toString()), workDir, out, err);
            StunnelProcess stunnel = new StunnelProcess(process, err);
            boolean ready = Processes.await(() -> !process.isAlive() || FreePorts.inUse(acceptPort),
                Duration.ofSeconds(20));
            if (!ready || !process.isAlive()) {
                String output = Processes.read(out) + Processes.read(err);
                stunnel.close();
                throw new IllegalStateException("stunnel4 did not start on port " + acceptPort + ":\n" + output);
            }
            return stunnel;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String log() {
        return Processes.read(log);
    }

    @Override
    public void close() {
        Processes.kill(process);
    }
}
