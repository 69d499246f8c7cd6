package io.jtunnel.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The packaged jtunnel ({@code java -jar $jtunnel.jar ARGS}) as a child process, its stdout and stderr captured in
 * files. {@link #close()} kills it if it still runs, so a failing test leaves nothing behind.
 */
final class JtunnelProcess implements AutoCloseable {
    static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    /** The outcome of a run to completion. */
    record Result(int exitCode, String stdout, String stderr) {
        String all() {
            return stdout + stderr;
        }
    }

    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private JtunnelProcess(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    static Path jar() {
        String jar = System.getProperty("jtunnel.jar");
        assertThat(jar).as("system property jtunnel.jar (set by failsafe)").isNotBlank();
        assertThat(Path.of(jar)).as("the packaged jar").isRegularFile();
        return Path.of(jar).toAbsolutePath();
    }

    static List<String> command(String... args) {
        List<String> command = new ArrayList<>(List.of(Processes.java(), "-jar", jar().toString()));
        command.addAll(List.of(args));
        return command;
    }

    /** Starts jtunnel with the given arguments in {@code workDir}; output goes to files there. */
    static JtunnelProcess start(Path workDir, String... args) {
        return start(workDir, java.util.Map.of(), args);
    }

    /** The same, with {@code environment} added (NOTIFY_SOCKET, say). */
    static JtunnelProcess start(Path workDir, java.util.Map<String, String> environment, String... args) {
        try {
            Path out = Files.createTempFile(workDir, "jtunnel-", ".stdout");
            Path err = Files.createTempFile(workDir, "jtunnel-", ".stderr");
            return new JtunnelProcess(Processes.start(command(args), workDir, environment, out, err), out, err);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs jtunnel to completion (killing it after {@code timeout}) and returns exit code and output. */
    static Result run(Path workDir, Duration timeout, String... args) {
        try (JtunnelProcess jtunnel = start(workDir, args)) {
            boolean exited = jtunnel.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(exited).as("jtunnel %s exited within %s; stderr:%n%s", List.of(args), timeout,
                jtunnel.stderr()).isTrue();
            return new Result(jtunnel.process.exitValue(), jtunnel.stdout(), jtunnel.stderr());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Waits until jtunnel logs {@code Accepting new connections} on stderr (needs {@code debug = info}): by then its
     * ports are bound and its signal handlers installed. Fails with the output if it exits first.
     */
    JtunnelProcess awaitListening() {
        return awaitListening(this::stderr);
    }

    /** The same, for a log written to the {@code output} file. */
    JtunnelProcess awaitListening(Path logFile) {
        return awaitListening(() -> Processes.read(logFile));
    }

    private JtunnelProcess awaitListening(java.util.function.Supplier<String> log) {
        boolean ready = Processes.await(() -> !process.isAlive() || log.get().contains("Accepting new connections"),
            START_TIMEOUT);
        assertThat(process.isAlive()).as("jtunnel still running; exit code %s, log:%n%s%nstderr:%n%s%nstdout:%n%s",
            process.isAlive() ? "-" : process.exitValue(), log.get(), stderr(), stdout()).isTrue();
        assertThat(ready).as("jtunnel accepting connections within %s; log:%n%s", START_TIMEOUT, log.get()).isTrue();
        return this;
    }

    String stdout() {
        return Processes.read(stdout);
    }

    /** The log when {@code foreground = yes}. */
    String stderr() {
        return Processes.read(stderr);
    }

    /** A position in the log; {@link #logSince} returns what was logged after it. */
    int logMark() {
        return stderr().length();
    }

    String logSince(int mark) {
        String log = stderr();
        return log.substring(Math.min(mark, log.length()));
    }

    /** Waits up to {@code timeout} for {@code text} to be logged after {@code mark}; returns the log since mark. */
    String awaitLogSince(int mark, String text, Duration timeout) {
        Processes.await(() -> logSince(mark).contains(text), timeout);
        String since = logSince(mark);
        assertThat(since).as("jtunnel log after the action").contains(text);
        return since;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    boolean awaitExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Sends a signal ("HUP", "TERM", ...) with kill(1). */
    void signal(String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
            assertThat(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0).as("kill -%s", name).isTrue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Sends SIGTERM (Process.destroy) and returns the exit code; SIGKILL after 15 s. */
    int stop() {
        return Processes.stop(process, Duration.ofSeconds(15));
    }

    @Override
    public void close() {
        Processes.kill(process);
    }
}
