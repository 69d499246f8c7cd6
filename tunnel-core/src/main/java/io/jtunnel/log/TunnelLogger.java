package io.jtunnel.log;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.message.SimpleMessage;

/**
 * Writes stunnel-style lines for one scope (the main thread, or one service) with that scope's {@code debug} level:
 * the message is {@code [id]: text}, and the layout adds the timestamp and {@code LOGn}. Cheap when a level is off.
 */
public final class TunnelLogger {
    /** The Log4j2 logger every jtunnel line goes through, so appenders are configured once. */
    public static final String LOGGER_NAME = "jtunnel";

    private final Logger logger;
    private final LogLevel threshold;

    public TunnelLogger(LogLevel threshold) {
        this.logger = LogManager.getLogger(LOGGER_NAME);
        this.threshold = threshold;
    }

    public boolean enabled(LogLevel level) {
        return threshold.allows(level);
    }

    public void log(LogLevel level, String id, String text) {
        if (threshold.allows(level)) {
            logger.log(Log4jLevels.of(level), (org.apache.logging.log4j.message.Message) new SimpleMessage("[" + id + "]: " + text));
        }
    }

    /** A sink that writes with a fixed id, e.g. a connection's number. */
    public LogSink sink(String id) {
        return (level, text) -> log(level, id, text);
    }
}
