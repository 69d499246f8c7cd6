package io.jtunnel.config;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Optional;

/** The options of stunnel's global table while the part before the first section is read. */
final class GlobalBuilder {
    private final boolean windows;
    private final EnumMap<Option, Object> values = new EnumMap<>(Option.class);
    private final EnumMap<Option, String> origins = new EnumMap<>(Option.class);

    GlobalBuilder(boolean windows) {
        this.windows = windows;
    }

    void apply(Option option, String raw, String origin) throws OptionValueException {
        Object value = switch (option) {
            case FOREGROUND -> foreground(raw);
            case LOG -> Values.keyword("The argument needs to be either 'append' or 'overwrite'", "append",
                "overwrite").parse(raw);
            case OUTPUT -> raw;
            case PID -> raw.isEmpty() ? null : raw;
            case SYSLOG -> syslog(raw);
            case EGD, RND_FILE, ICON_ACTIVE, ICON_ERROR, ICON_IDLE -> raw;
            case RND_BYTES -> Values.integer("Illegal number of bytes to read from random seed files", 0,
                Integer.MAX_VALUE).parse(raw);
            case RND_OVERWRITE, TASKBAR -> Values.yesNo().parse(raw);
            default -> throw new IllegalArgumentException("no parser for " + option);
        };
        values.put(option, value);
        origins.put(option, origin);
    }

    private String foreground(String raw) throws OptionValueException {
        String word = raw.toLowerCase(Locale.ROOT);
        if (windows) {
            if (word.equals("yes") || word.equals("quiet")) {
                return word;
            }
            throw new OptionValueException("The argument needs to be 'yes' or 'quiet'");
        }
        if (word.equals("yes") || word.equals("quiet") || word.equals("no")) {
            return word;
        }
        throw new OptionValueException("The argument needs to be either 'yes', 'quiet' or 'no'");
    }

    private Boolean syslog(String raw) throws OptionValueException {
        if (windows) {
            if (!raw.equalsIgnoreCase("no")) {
                throw new OptionValueException("The argument needs to be 'no'");
            }
            return Boolean.FALSE;
        }
        return (Boolean) Values.yesNo().parse(raw);
    }

    /** stunnel's checks at the end of the global part: relative log and pid paths need foreground mode. */
    GlobalOptions finish(SectionBuilder defaults) throws OptionValueException {
        Foreground foreground = Foreground.valueOf(((String) effective(Option.FOREGROUND)).toUpperCase(Locale.ROOT));
        Optional<String> output = Optional.ofNullable((String) effective(Option.OUTPUT));
        Optional<String> pid = Optional.ofNullable((String) effective(Option.PID));
        if (!windows && !foreground.stays() && output.isPresent() && !output.get().startsWith("/")) {
            throw new OptionValueException("Log file must include full path name");
        }
        if (!windows && !foreground.stays() && pid.isPresent() && !pid.get().startsWith("/")) {
            throw new OptionValueException("Pid file must include full path name");
        }
        EnumMap<Option, Object> reported = new EnumMap<>(values);
        reported.put(Option.DEBUG, defaults.facility() + "." + defaults.level().keyword());
        return new GlobalOptions(foreground, output, "append".equals(effective(Option.LOG)), pid,
            windows ? false : (Boolean) effective(Option.SYSLOG), defaults.facility(), defaults.level(),
            defaults.serviceOption().orElse(GlobalOptions.DEFAULT_SYSLOG_IDENT), new OptionValues(reported, origins));
    }

    private Object effective(Option option) {
        return values.containsKey(option) ? values.get(option) : option.defaultValue();
    }
}
