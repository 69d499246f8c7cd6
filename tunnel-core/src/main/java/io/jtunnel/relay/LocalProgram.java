package io.jtunnel.relay;

import io.jtunnel.config.ExecCommand;
import io.jtunnel.log.LogLevel;
import io.jtunnel.log.LogSink;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The program {@code exec} starts for one connection, with stunnel's environment additions and log lines
 * ({@code Local mode child started (PID=n)}, {@code Child process n finished with code c}). Its stdin and stdout are
 * pipes for a {@link LoopbackBridge}; its stderr goes to jtunnel's stderr when jtunnel logs there, otherwise into the
 * connection with stdout, as stunnel does. A program that cannot start is logged and behaves as one that exited at
 * once (empty output), which is what a client of stunnel sees when its child's execve fails.
 */
final class LocalProgram {
    /** How long a program may go on by itself after its connection ended before it gets SIGTERM. */
    private static final long GRACE_MILLIS = 1000;
    /** How long after SIGTERM before SIGKILL. */
    private static final long KILL_AFTER_MILLIS = 5000;
    private static final Path BASH = Path.of("/bin/bash");
    private static final boolean WINDOWS = System.getProperty("os.name", "").startsWith("Windows");

    private final Process process;
    private volatile int signalSent;

    private LocalProgram(Process process) {
        this.process = process;
    }

    /** Starts {@code command} with {@code environment} added to jtunnel's own. */
    static LocalProgram start(ExecCommand command, Map<String, String> environment, LogSink log) {
        ProcessBuilder builder = new ProcessBuilder(commandLine(command));
        builder.environment().putAll(environment);
        if (command.inheritStderr()) {
            builder.redirectError(ProcessBuilder.Redirect.INHERIT);
        } else {
            builder.redirectErrorStream(true);
        }
        Process process;
        try {
            process = builder.start();
        } catch (IOException | RuntimeException e) {
            log.log(LogLevel.ERR, "Cannot execute " + command.path() + ": " + reason(e));
            return new LocalProgram(null);
        }
        log.log(LogLevel.INFO, "Local mode child started (PID=" + process.pid() + ")");
        LocalProgram program = new LocalProgram(process);
        process.onExit().thenAccept(done -> log.log(LogLevel.INFO, program.exitLine(done.exitValue())));
        return program;
    }

    /**
     * The command line: the path and {@code $1...}. Java cannot set {@code argv[0]} apart from the path, so when
     * {@code execArgs} gives another {@code $0}, bash's {@code exec -a} sets it (where bash exists; otherwise the
     * program sees its path as {@code $0}).
     */
    static List<String> commandLine(ExecCommand command) {
        List<String> args = command.args();
        List<String> line = new ArrayList<>();
        if (args.isEmpty() || args.get(0).equals(command.path()) || WINDOWS || !Files.isExecutable(BASH)) {
            line.add(command.path());
            if (!args.isEmpty()) {
                line.addAll(args.subList(1, args.size()));
            }
            return line;
        }
        // the values are bash's positional parameters, never parsed as shell text
        line.addAll(List.of(BASH.toString(), "-c", "exec -a \"$0\" \"$@\"", args.get(0), command.path()));
        line.addAll(args.subList(1, args.size()));
        return line;
    }

    /** The program's stdout (empty when it did not start). */
    InputStream stdout() {
        return process == null ? InputStream.nullInputStream() : process.getInputStream();
    }

    /** The program's stdin (discarding when it did not start). */
    OutputStream stdin() {
        return process == null ? OutputStream.nullOutputStream() : process.getOutputStream();
    }

    /**
     * The connection ended: the program, whose stdin is closed by now, may finish by itself for a moment; then it
     * gets SIGTERM, and SIGKILL if that does not end it.
     */
    void connectionEnded() {
        if (process == null) {
            return;
        }
        process.onExit().completeOnTimeout(process, GRACE_MILLIS, TimeUnit.MILLISECONDS).thenRun(() -> {
            if (process.isAlive()) {
                signalSent = 15;
                process.destroy();
                process.onExit().completeOnTimeout(process, KILL_AFTER_MILLIS, TimeUnit.MILLISECONDS).thenRun(() -> {
                    if (process.isAlive()) {
                        signalSent = 9;
                        process.destroyForcibly();
                    }
                });
            }
        });
    }

    /**
     * stunnel's line for the child's end. Java reports a death by signal N as code 128+N, so the signal is named only
     * when jtunnel sent it.
     */
    private String exitLine(int code) {
        int signal = signalSent;
        if (!WINDOWS && signal != 0 && code == 128 + signal) {
            return "Child process " + process.pid() + " terminated on " + (signal == 9 ? "SIGKILL" : "SIGTERM");
        }
        return "Child process " + process.pid() + " finished with code " + code;
    }

    private static String reason(Exception e) {
        String message = String.valueOf(e.getMessage());
        int detail = message.indexOf(": error=");
        return detail >= 0 ? message.substring(detail + 2) : message;
    }
}
