package io.jtunnel.tls;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real {@code /usr/bin/openssl} in a directory: it makes the test keys and serves as the reference. */
final class OpenSslCli {
    private static final String BINARY = "/usr/bin/openssl";

    record Result(int exitCode, String output) {
    }

    private final Path directory;

    OpenSslCli(Path directory) {
        this.directory = directory;
    }

    /** Runs openssl and returns its stdout and stderr, failing the test on a non-zero exit. */
    String run(String... args) {
        Result result = runAllowingFailure(args);
        if (result.exitCode() != 0) {
            fail("openssl %s exited with %d:%n%s", String.join(" ", args), result.exitCode(), result.output());
        }
        return result.output();
    }

    Result runAllowingFailure(String... args) {
        List<String> command = new ArrayList<>();
        command.add(BINARY);
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .start();
            process.getOutputStream().close();
            String output;
            try (InputStream in = process.getInputStream()) {
                output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("openssl %s did not finish within 60 s", String.join(" ", args));
            }
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + command, e);
        }
    }
}
