package io.jtunnel.relay;

import io.jtunnel.log.TunnelLogger;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;
import org.apache.logging.log4j.Level;

/** Collects the lines jtunnel logs (its {@code [id]: text} messages) while a test runs. */
final class CapturedLog extends AbstractAppender implements AutoCloseable {
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final List<String> threads = new CopyOnWriteArrayList<>();
    private final LoggerContext context = LoggerContext.getContext(false);

    CapturedLog() {
        super("captured", null, null, true, Property.EMPTY_ARRAY);
        start();
        Configuration configuration = context.getConfiguration();
        LoggerConfig logger = new LoggerConfig(TunnelLogger.LOGGER_NAME, Level.ALL, false);
        logger.addAppender(this, Level.ALL, null);
        configuration.addLogger(TunnelLogger.LOGGER_NAME, logger);
        context.updateLoggers();
    }

    @Override
    public synchronized void append(LogEvent event) {
        threads.add(event.getThreadName());
        lines.add(event.getMessage().getFormattedMessage());
    }

    /** The name of the thread that logged the first line containing {@code text}, or null. */
    synchronized String threadOf(String text) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return threads.get(i);
            }
        }
        return null;
    }

    List<String> lines() {
        return List.copyOf(lines);
    }

    boolean contains(String text) {
        return lines.stream().anyMatch(line -> line.contains(text));
    }

    /** Waits until a line containing {@code text} is logged (connection threads log asynchronously to the test). */
    boolean await(String text, Duration timeout) throws InterruptedException {
        return await(line -> line.contains(text), timeout);
    }

    boolean await(Predicate<String> match, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (lines.stream().anyMatch(match)) {
                return true;
            }
            Thread.sleep(10);
        }
        return false;
    }

    @Override
    public void close() {
        context.getConfiguration().removeLogger(TunnelLogger.LOGGER_NAME);
        context.updateLoggers();
        stop();
    }
}
