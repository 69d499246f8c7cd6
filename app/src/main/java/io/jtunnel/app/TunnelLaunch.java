package io.jtunnel.app;

import io.jtunnel.tls.TlsEngines;
import java.io.PrintWriter;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The command line a service runs, {@code jtunnel FILE} or {@code jtunnel -c FILE} and nothing else, started without
 * picocli. Picocli's classes are Java 5 class files: the JVM checks each with its old verifier at every start and
 * class-data sharing cannot keep them, so building the command model cost about 0.25 s of a start on one core
 * (measured in a class-load trace). Every other command line, options included, goes through picocli as before.
 */
final class TunnelLaunch {
    private TunnelLaunch() {
    }

    /** The file of a plain run, if the arguments are exactly {@code FILE} or {@code -c FILE}. */
    static Optional<Path> plainRunFile(String... args) {
        String file;
        if (args.length == 1) {
            file = args[0];
        } else if (args.length == 2 && (args[0].equals("-c") || args[0].equals("--config"))) {
            file = args[1];
        } else {
            return Optional.empty();
        }
        // an option, an @argument-file, a subcommand's name or an empty word: picocli decides what they mean
        if (file.isEmpty() || file.startsWith("-") || file.startsWith("@") || Subcommands.isName(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Path.of(file));
        } catch (InvalidPathException e) {
            return Optional.empty(); // picocli reports it as an invalid value
        }
    }

    /** Runs a plain {@code jtunnel FILE} with every command-line option at its default. */
    static int runPlain(Path file, Map<String, String> environment) {
        PrintWriter err = new PrintWriter(System.err, true);
        try {
            return run(err, file, TlsEngines.AUTO, RunSettings.defaults(environment));
        } catch (RuntimeException e) {
            // as picocli's execute does with what a command throws: the trace on stderr, exit code 1
            e.printStackTrace(err);
            err.flush();
            return 1;
        }
    }

    /** Runs the tunnels {@code file} describes until TERM or INT; the exit code. */
    static int run(PrintWriter err, Path file, String engine, RunSettings settings) {
        return new TunnelRunner(err, new ConsolePassphrases(), settings).run(file, engine);
    }
}
