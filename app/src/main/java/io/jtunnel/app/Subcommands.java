package io.jtunnel.app;

import io.jtunnel.app.service.ServiceCommand;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;

/**
 * jtunnel's subcommands, added to the command line only when it may need them. Picocli reads every registered
 * command's annotations by reflection, in classes too old for the JVM's class-data sharing: building all of them
 * cost about 0.2 s of every start on one core (measured), and running a tunnel needs none of them.
 */
final class Subcommands {
    /** In the usage's order. Only names: a plain run asks {@link #isName} without loading any command class. */
    private static final List<String> NAMES = List.of("check", "options", "gencert", "cert", "selftest", "service");

    private Subcommands() {
    }

    private static Object create(String name) {
        return switch (name) {
            case "check" -> new CheckCommand();
            case "options" -> new OptionsCommand();
            case "gencert" -> new GencertCommand();
            case "cert" -> new CertCommand();
            case "selftest" -> new SelfTestCommand();
            case "service" -> new ServiceCommand();
            default -> throw new IllegalArgumentException("no subcommand " + name);
        };
    }

    /**
     * Adds each subcommand that an argument names (picocli then reads it as before, wherever it stands: {@code
     * jtunnel --tls-engine jdk check FILE}); when none is named and the arguments ask for help (or are empty), adds
     * them all, so that the usage lists them. A tunnel run ({@code jtunnel [-c] FILE}) gets none.
     */
    static void addTo(CommandLine commandLine, String... args) {
        List<String> named = NAMES.stream().filter(Arrays.asList(args)::contains).toList();
        if (named.isEmpty() && (args.length == 0 || asksForHelp(args))) {
            named = NAMES;
        }
        named.forEach(name -> commandLine.addSubcommand(name, create(name)));
    }

    /** Whether {@code word} is a subcommand's name. */
    static boolean isName(String word) {
        return NAMES.contains(word);
    }

    private static boolean asksForHelp(String... args) {
        for (String arg : args) {
            if (arg.equals("-help") || arg.equals("--help") || arg.equals("-h")) {
                return true;
            }
        }
        return false;
    }
}
