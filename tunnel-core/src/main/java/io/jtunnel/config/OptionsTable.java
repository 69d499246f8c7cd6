package io.jtunnel.config;

import java.util.List;
import java.util.stream.Stream;

/** The README's table of stunnel options and what jtunnel does with each, made from {@link Option}. */
public final class OptionsTable {
    private OptionsTable() {
    }

    public static String markdown() {
        StringBuilder out = new StringBuilder();
        out.append("| option | scope | jtunnel | default in jtunnel | notes |\n");
        out.append("|---|---|---|---|---|\n");
        for (Option option : Stream.of(Option.values()).sorted((a, b) ->
            a.stunnelName().compareToIgnoreCase(b.stunnelName())).toList()) {
            out.append("| `").append(option.stunnelName()).append('`');
            option.aliases().forEach(alias -> out.append(" (`").append(alias).append("`)"));
            out.append(" | ").append(option.scope() == OptionScope.GLOBAL ? "global" : "service")
                .append(" | ").append(status(option))
                .append(" | ").append(shown(option.defaultValue()))
                .append(" | ").append(notes(option)).append(" |\n");
        }
        return out.toString();
    }

    private static String status(Option option) {
        return switch (option.status()) {
            case IMPLEMENTED -> "yes";
            case IGNORED -> "accepted, ignored";
            case NOT_IMPLEMENTED -> option.reason().isPresent() ? "rejected" : "not yet (rejected)";
        };
    }

    private static String notes(Option option) {
        String help = option.help().replace("|", "\\|");
        String availability = option.availableOn(false) ? "" : " Windows only, as in stunnel.";
        return option.reason().map(r -> help + ". " + capitalize(r) + ".").orElse(help) + availability;
    }

    private static String shown(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Boolean b) {
            return b ? "yes" : "no";
        }
        if (value instanceof List<?> list) {
            return list.isEmpty() ? "" : String.join(", ", list.stream().map(v -> "`" + v + "`").toList());
        }
        return "`" + value.toString().replace("|", "\\|") + "`";
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
