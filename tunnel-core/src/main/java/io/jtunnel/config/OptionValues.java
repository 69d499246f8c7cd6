package io.jtunnel.config;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The options a section set (directly or by inheritance from the global part), with the place each came from;
 * everything else takes {@link Option#defaultValue()}.
 */
public final class OptionValues {
    private final Map<Option, Object> values;
    private final Map<Option, String> origins;

    OptionValues(Map<Option, Object> values, Map<Option, String> origins) {
        EnumMap<Option, Object> copy = new EnumMap<>(Option.class);
        values.forEach((option, value) -> copy.put(option, value instanceof List<?> list ? List.copyOf(list) : value));
        this.values = Collections.unmodifiableMap(copy);
        this.origins = Collections.unmodifiableMap(origins.isEmpty() ? Map.of() : new EnumMap<>(origins));
    }

    /** The value in force: the one set, else the default. May be null for options with no value. */
    public Object effective(Option option) {
        return values.containsKey(option) ? values.get(option) : option.defaultValue();
    }

    public boolean isSet(Option option) {
        return values.containsKey(option);
    }

    /** {@code FILE:LINE} of the line that last set the option, if any. */
    public Optional<String> origin(Option option) {
        return Optional.ofNullable(origins.get(option));
    }
}
