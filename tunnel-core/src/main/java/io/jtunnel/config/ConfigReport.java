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
        globalValues(config.global()).forEach((name, value) ->
            line(out, name, value, Option.byName(name).map(global::isSet).orElse(false)));
        for (ServiceConfig service : config.services()) {
            out.append(System.lineSeparator()).append('[').append(service.name()).append(']')
                .append(System.lineSeparator());
            serviceValues(service).forEach((name, value) ->
                line(out, name, value, Option.byName(name).map(service.values()::isSet).orElse(false)));
        }
        return out.toString();
    }

    private static void line(StringBuilder out, String name, Object value, boolean set) {
        if (value instanceof List<?> list) {
            if (list.isEmpty()) {
                out.append(String.format("; %-22s = (none)%n", name));
            }
            for (Object item : list) {
                out.append(String.format("%s%-22s = %s%n", set ? "" : "; ", name, item));
            }
            return;
        }
        String shown = value == null ? "(none)" : value instanceof Boolean b ? (b ? "yes" : "no") : value.toString();
        out.append(String.format("%s%-22s = %s%s%n", set ? "" : "; ", name, shown, set ? "" : "   (default)"));
    }

    private static Map<String, Object> globalValues(GlobalOptions global) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Option option : Option.inScope(OptionScope.GLOBAL)) {
            values.put(option.stunnelName(), global.values().effective(option));
        }
        values.put(Option.DEBUG.stunnelName(), global.values().effective(Option.DEBUG));
        return values;
    }

    private static Map<String, Object> serviceValues(ServiceConfig service) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Option option : Option.inScope(OptionScope.SERVICE)) {
            if (option != Option.INCLUDE) {
                values.put(option.stunnelName(), service.values().effective(option));
            }
        }
        return values;
    }
}
