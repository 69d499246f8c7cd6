package io.jtunnel.app;

import io.jtunnel.app.service.ServiceCommand;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import picocli.CommandLine;

/**
 * jtunnel's subcommands, added to the command line only when it may need them. Picocli reads every registered
 * command's annotations by reflection, in classes too old for the JVM's class-data sharing: building all of them
 * cost about 0.2 s of every start on one core (measured), and running a tunnel needs none of them.
 */
final class Subcommands {
    private static final Map<String, Supplier<Object>> ALL = all();

    private Subcommands() {
    }

    private static Map<String, Supplier<Object>> all() {
        Map<String, Supplier<Object>> all = new LinkedHashMap<>();
        all.put("check", CheckCommand::new);
        all.put("options", OptionsCommand::new);
        all.put("gencert", GencertCommand::new);
        all.put("cert", CertCommand::new);
        all.put("selftest", SelfTestCommand::new);
        all.put("service", ServiceCommand::new);
        return Collections.unmodifiableMap(all);
    }

    /**
     * Adds each subcommand that an argument names (picocli then reads it as before, wherever it stands: {@code
     * jtunnel --tls-engine jdk check FILE}); when none is named and the arguments ask for help (or are empty), adds
     * them all, so that the usage lists them. A tunnel run ({@code jtunnel [-c] FILE}) gets none.
     */
    static void addTo(CommandLine commandLine, String... args) {
        Set<String> named = new LinkedHashSet<>(Arrays.asList(args));
        named.retainAll(ALL.keySet());
        if (named.isEmpty() && (args.length == 0 || asksForHelp(args))) {
            named = ALL.keySet();
        }
        named.forEach(name -> commandLine.addSubcommand(name, ALL.get(name).get()));
    }

    /** Whether {@code word} is a subcommand's name. */
    static boolean isName(String word) {
        return ALL.containsKey(word);
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
