package io.jtunnel.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The effective configuration, every option under its stunnel name with its value after defaults and inheritance:
 * as JSON ({@code check --json}) or as text ({@code check}).
 */
public final class ConfigReport {
    private ConfigReport() {
    }

    /** {@code {"global": {...}, "services": [{"name": ..., "options": {...}}]}}. */
    public static String json(TunnelConfig config) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("global", globalValues(config.global()));
        List<Object> services = new ArrayList<>();
        for (ServiceConfig service : config.services()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", service.name());
            entry.put("options", serviceValues(service));
            services.add(entry);
        }
        root.put("services", services);
        return Json.write(root) + System.lineSeparator();
    }

    /** One {@code name = value} line per option, marking values that were not set as defaults. */
    public static String text(TunnelConfig config) {
        StringBuilder out = new StringBuilder();
        out.append("; effective configuration of ").append(config.file()).append(System.lineSeparator());
        OptionValues global = config.global().values();
        globalValues(config.global()).forEach((name, value) -> line(out, name, value, origin(global, name)));
        for (ServiceConfig service : config.services()) {
            // inetd mode has no section: a header would make the output a different configuration
            out.append(System.lineSeparator()).append(config.inetd() ? "; inetd mode: service " : "[")
                .append(config.inetd() ? service.name() : service.name() + "]").append(System.lineSeparator());
            serviceValues(service).forEach((name, value) -> line(out, name, value, origin(service.values(), name)));
        }
        return out.toString();
    }

    /** {@code FILE:LINE} that set the option, or empty when its value is the default. */
    private static String origin(OptionValues values, String name) {
        return Option.byName(name).flatMap(values::origin).orElse("");
    }

    /**
     * A set option as config lines, with the place that set it on a comment line before (stunnel has no inline
     * comments, so the output stays a loadable config); a default as a comment.
     */
    private static void line(StringBuilder out, String name, Object value, String origin) {
        boolean set = !origin.isEmpty();
        List<?> items = value instanceof List<?> list ? list : java.util.Collections.singletonList(value);
        if (set) {
            out.append("; ").append(origin).append(System.lineSeparator());
        }
        if (items.isEmpty()) {
            out.append(String.format("; %-22s =   (default: none)%n", name));
        }
        for (Object item : items) {
            String shown = item == null ? "" : item instanceof Boolean b ? (b ? "yes" : "no") : item.toString();
            out.append(set ? String.format("%-22s = %s%n", name, shown)
                : String.format("; %-22s = %s   (default)%n", name, shown));
        }
    }

    /** A secret is reported as set, never shown. */
    private static Object shown(Option option, OptionValues values) {
        Object value = values.effective(option);
        return option.secret() && value != null ? "(secret)" : value;
    }

    private static Map<String, Object> globalValues(GlobalOptions global) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Option option : Option.inScope(OptionScope.GLOBAL)) {
            values.put(option.stunnelName(), shown(option, global.values()));
        }
        values.put(Option.DEBUG.stunnelName(), global.values().effective(Option.DEBUG));
        return values;
    }

    private static Map<String, Object> serviceValues(ServiceConfig service) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Option option : Option.inScope(OptionScope.SERVICE)) {
            if (option != Option.INCLUDE) {
                values.put(option.stunnelName(), shown(option, service.values()));
            }
        }
        return values;
    }
}
