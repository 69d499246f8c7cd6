package io.jtunnel.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Runs system commands (tar, dpkg-deb, systemd-analyze, the launcher) as real processes. */
final class Commands {
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private Commands() {
    }

    /** Exit code and the merged stdout and stderr of a finished command. */
    record Result(List<String> command, int exitCode, String output) {
        /** Asserts exit code 0 and returns the output. */
        String ok() {
            assertThat(exitCode).as("exit code of %s; output:%n%s", command, output).isZero();
            return output;
        }
    }

    static Result run(String... command) {
        return run(List.of(command));
    }

    /** Runs {@code command} to completion (killed after {@link #TIMEOUT}), stdin empty, output merged. */
    static Result run(List<String> command) {
        return run(null, command);
    }

    /** The same in {@code workDir} (null: the test's own). */
    static Result run(Path workDir, List<String> command) {
        try {
            Path output = Files.createTempFile("command-", ".out");
            try {
                Process process = new ProcessBuilder(command)
                    .directory(workDir == null ? null : workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
                if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError(command + " still running after " + TIMEOUT + "; output:\n"
                        + Files.readString(output, StandardCharsets.UTF_8));
                }
                return new Result(command, process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Polls {@code condition} every 50 ms until it holds or {@code timeout} passes; returns whether it held. */
    static boolean await(BooleanSupplier condition, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                return false;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }
}
