package io.jtunnel.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The single-file ICAP server of examples/icap ({@code java IcapStub.java PORT}) standing in for the DLP appliance:
 * OPTIONS gets {@code ICAP/1.0 200 OK}, REQMOD/RESPMOD get {@code ICAP/1.0 204 No Content} once the whole chunked
 * body is read.
 */
final class IcapStubProcess implements AutoCloseable {
    /** Failsafe runs in app/, so the project root is "..". */
    static final Path SOURCE = Path.of(System.getProperty("icap.stub", Path.of("..", "examples", "icap",
        "IcapStub.java").toString())).toAbsolutePath().normalize();

    private final Process process;
    private final Path stdout;
    private final Path stderr;
    final int port;

    private IcapStubProcess(Process process, Path stdout, Path stderr, int port) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
        this.port = port;
    }

    /** Starts the stub on a free loopback port and waits until it listens. */
    static IcapStubProcess start(Path workDir) {
        assertThat(SOURCE).as("the ICAP stub source").isRegularFile();
        int port = FreePorts.next();
        try {
            Path out = Files.createTempFile(workDir, "icap-stub-", ".stdout");
            Path err = Files.createTempFile(workDir, "icap-stub-", ".stderr");
            Process process = Processes.start(List.of(Processes.java(), SOURCE.toString(), Integer.toString(port)),
                workDir, out, err);
            IcapStubProcess stub = new IcapStubProcess(process, out, err, port);
            boolean ready = Processes.await(() -> !process.isAlive()
                || Processes.read(out).contains("ICAP stub listening on"), Duration.ofSeconds(30));
            if (!ready || !process.isAlive()) {
                String output = Processes.read(out) + Processes.read(err);
                stub.close();
                throw new IllegalStateException("ICAP stub did not start on port " + port + ":\n" + output);
            }
            return stub;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String output() {
        return Processes.read(stdout) + Processes.read(stderr);
    }

    @Override
    public void close() {
        Processes.kill(process);
    }
}
