package io.jtunnel.app.service;

import io.jtunnel.app.Main;
import io.jtunnel.app.control.ControlClient;
import io.jtunnel.app.control.ControlException;
import io.jtunnel.app.control.ControlReply;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.IntConsumer;
import java.util.function.ToIntFunction;

/**
 * The Windows service's entry points, called by procrun in jvm mode from two threads: {@link #start} runs the tunnel
 * as {@code jtunnel ARGS} does and returns only when it has stopped, as procrun expects; {@link #stop} asks it to end
 * through its control socket, the same way as {@code jtunnel -exit}. So no state is shared between the two.
 */
public final class WindowsServiceEntry {
    /**
     * How long stop waits for a service that is still starting to open its control socket; procrun's StopTimeout
     * (45 s) counts from the stop request and has to leave time for the drain.
     */
    static final Duration STARTING_GRACE = Duration.ofSeconds(10);
    private static final Duration RETRY_PAUSE = Duration.ofMillis(250);

    private WindowsServiceEntry() {
    }

    /** procrun's StartMethod: {@code --control-dir DIR --output-default FILE -c CONFIG}, blocks until stopped. */
    public static void start(String[] args) {
        start(args, Main::execute, System::exit);
    }

    /** procrun's StopMethod: {@code --control-dir DIR -c CONFIG}; sends {@code exit} and returns. */
    public static void stop(String[] args) {
        stop(args, ControlClient::send, STARTING_GRACE, RETRY_PAUSE, System.err);
    }

    static void start(String[] args, ToIntFunction<String[]> jtunnel, IntConsumer exit) {
        int code = jtunnel.applyAsInt(args);
        if (code != 0) {
            // procrun hands a System.exit code to the service manager: the service fails with that code
            exit.accept(code);
        }
    }

    /** Returns whether the request was delivered; says why not on {@code err} (procrun's stderr log). */
    static boolean stop(String[] args, ControlSender sender, Duration grace, Duration pause, PrintStream err) {
        Optional<Path> controlDir = value(args, "--control-dir");
        Optional<Path> config = value(args, "-c");
        if (controlDir.isEmpty() || config.isEmpty()) {
            err.println("jtunnel service stop: the service's StopParams lack --control-dir DIR and -c FILE;"
                + " install the service again (jtunnel service uninstall, then install)");
            return false;
        }
        long deadline = System.nanoTime() + grace.toNanos();
        while (true) {
            try {
                ControlReply reply = sender.send(controlDir.get(), config.get(), "exit");
                reply.lines().forEach(err::println);
                return reply.ok();
            } catch (ControlException e) {
                // a service stopped while it starts has no control socket yet
                if (e.reason() != ControlException.Reason.NOT_RUNNING || System.nanoTime() - deadline >= 0) {
                    err.println("jtunnel service stop: " + e.getMessage());
                    return false;
                }
            }
            try {
                Thread.sleep(pause.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    private static Optional<Path> value(String[] args, String option) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(option)) {
                return Optional.of(Path.of(args[i + 1]));
            }
        }
        return Optional.empty();
    }
}
