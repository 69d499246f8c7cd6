package io.jtunnel.log;

import org.apache.logging.log4j.Level;

/**
 * stunnel's levels as Log4j2 levels: the standard ones where they match, and EMERG, ALERT and NOTICE as custom levels
 * so that every line keeps its stunnel digit. The layout maps them back with {@link #PATTERN_DIGITS}.
 */
public final class Log4jLevels {
    public static final Level EMERG = Level.forName("EMERG", 50);
    public static final Level ALERT = Level.forName("ALERT", 75);
    public static final Level NOTICE = Level.forName("NOTICE", 350);

    /** The option of PatternLayout's {@code %level} that prints each level as its stunnel digit. */
    public static final String PATTERN_DIGITS =
        "{EMERG=0, ALERT=1, FATAL=2, ERROR=3, WARN=4, NOTICE=5, INFO=6, DEBUG=7, TRACE=7}";

    private static final Level[] BY_STUNNEL_LEVEL = {
        EMERG, ALERT, Level.FATAL, Level.ERROR, Level.WARN, NOTICE, Level.INFO, Level.DEBUG};

    private Log4jLevels() {
    }

    public static Level of(LogLevel level) {
        return BY_STUNNEL_LEVEL[level.ordinal()];
    }
}
