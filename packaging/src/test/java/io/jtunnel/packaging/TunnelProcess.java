package io.jtunnel.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A running jtunnel started through a distribution's launcher, its stdout and stderr merged into a file (with
 * {@code foreground = yes} the log goes to stderr). {@link #close()} kills it if it still runs.
 */
final class TunnelProcess implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final Path log;

    private TunnelProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts {@code command} with its output in {@code log}. */
    static TunnelProcess start(List<String> command, Path log) {
        try {
            Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
            return new TunnelProcess(process, log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    long pid() {
        return process.pid();
    }

    String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How many log lines contain {@code text}. */
    int count(String text) {
        return (int) log().lines().filter(line -> line.contains(text)).count();
    }

    /** Waits until {@code text} has been logged {@code times} times; fails with the log if jtunnel exits first. */
    void awaitLogged(String text, int times) {
        boolean logged = Commands.await(() -> !process.isAlive() || count(text) >= times, TIMEOUT);
        assertThat(process.isAlive()).as("jtunnel still running; log:%n%s", log()).isTrue();
        assertThat(logged).as("\"%s\" logged %d time(s) within %s; log:%n%s", text, times, TIMEOUT, log()).isTrue();
    }

    /** The port of the first "Service [NAME] (FD=..) bound to HOST:PORT" line (no FD with NIO) for {@code service}. */
    int boundPort(String service) {
        Matcher matcher = Pattern.compile("Service \\[" + Pattern.quote(service) + "\\](?: \\(FD=\\d+\\))? bound to [^ ]+:(\\d+)")
            .matcher(log());
        assertThat(matcher.find()).as("bound line of service [%s] in the log:%n%s", service, log()).isTrue();
        return Integer.parseInt(matcher.group(1));
    }

    void signal(String signal) {
        Commands.run("sh", "-c", "kill -" + signal + " " + pid()).ok();
    }

    /** Waits for the exit and returns the exit code; fails with the log if it does not exit in time. */
    int awaitExit() {
        try {
            boolean exited = process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(exited).as("jtunnel exited within %s; log:%n%s", TIMEOUT, log()).isTrue();
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        // a launcher that failed to exec would leave its JVM behind
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
