package io.jtunnel.app.service;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * stunnel's Windows service switches as jtunnel commands, translated before the command line is parsed:
 * {@code -install -quiet C:\x\stunnel.conf} becomes {@code service install -c C:\x\stunnel.conf}. As in stunnel,
 * switches are case-insensitive and start with '-' or, on Windows, '/'; the first other word and the rest of the
 * line is the configuration path; {@code -quiet} (no message boxes) is accepted and has nothing to do. A command line
 * that does not start with one of these switches is left alone ({@code -version}, {@code -help}, and
 * {@code -bogus}, which stunnel takes for a file name).
 */
public final class StunnelSwitches {
    private static final Set<String> ACTIONS = Set.of("install", "uninstall", "start", "stop", "reload", "reopen",
        "exit");
    private static final String QUIET = "quiet";

    private StunnelSwitches() {
    }

    /**
     * The jtunnel command line for {@code args}.
     *
     * @param slashSwitches whether '/' starts a switch too (Windows)
     * @throws IllegalArgumentException when two actions are asked for at once ({@code -install -start})
     */
    public static String[] translate(String[] args, boolean slashSwitches) {
        List<String> actions = new ArrayList<>();
        int switches = 0;
        while (switches < args.length) {
            Optional<String> name = switchName(args[switches], slashSwitches);
            if (name.isEmpty()) {
                break;
            }
            if (!name.get().equals(QUIET)) {
                actions.add(args[switches]);
            }
            switches++;
        }
        if (switches == 0) {
            return args;
        }
        List<String> rest = Arrays.asList(args).subList(switches, args.length);
        if (actions.isEmpty()) {
            return rest.toArray(String[]::new); // only -quiet: run as usual
        }
        if (actions.size() > 1) {
            throw new IllegalArgumentException("one service switch at a time, not " + String.join(" and ", actions));
        }
        List<String> command = new ArrayList<>(List.of("service", switchName(actions.get(0), slashSwitches)
            .orElseThrow()));
        if (!rest.isEmpty()) {
            String path = unquote(String.join(" ", rest));
            // "--config=-x": a path that starts with '-' must not look like an option
            command.addAll(path.startsWith("-") ? List.of("--config=" + path) : List.of("-c", path));
        }
        return command.toArray(String[]::new);
    }

    /** The switch's lower-case name when {@code word} is one of stunnel's service switches. */
    private static Optional<String> switchName(String word, boolean slashSwitches) {
        if (word.length() < 2 || !(word.charAt(0) == '-' || slashSwitches && word.charAt(0) == '/')) {
            return Optional.empty();
        }
        String name = word.substring(1).toLowerCase(Locale.ROOT);
        return ACTIONS.contains(name) || name.equals(QUIET) ? Optional.of(name) : Optional.empty();
    }

    private static String unquote(String path) {
        if (path.length() >= 2 && path.startsWith("\"") && path.endsWith("\"")) {
            return path.substring(1, path.length() - 1);
        }
        return path;
    }
}
