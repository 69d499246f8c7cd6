package io.jtunnel.log;

import java.util.Locale;
import java.util.Optional;

/** stunnel's eight syslog levels, 0 (emerg) to 7 (debug), with the names the {@code debug} option takes. */
public enum LogLevel {
    EMERG, ALERT, CRIT, ERR, WARNING, NOTICE, INFO, DEBUG;

    /** The digit stunnel prints in {@code LOG<digit>[id]}. */
    public int digit() {
        return ordinal();
    }

    public String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True when a message at {@code level} passes a filter set to this level. */
    public boolean allows(LogLevel level) {
        return level.ordinal() <= ordinal();
    }

    /** Parses a level as stunnel does: a single digit 0-7 or a name, case-insensitively. */
    public static Optional<LogLevel> parse(String text) {
        if (text.length() == 1 && text.charAt(0) >= '0' && text.charAt(0) <= '7') {
            return Optional.of(values()[text.charAt(0) - '0']);
        }
        for (LogLevel level : values()) {
            if (level.keyword().equalsIgnoreCase(text)) {
                return Optional.of(level);
            }
        }
        return Optional.empty();
    }
}
