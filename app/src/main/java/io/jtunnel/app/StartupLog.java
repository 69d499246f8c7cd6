package io.jtunnel.app;

import io.jtunnel.log.LogLevel;
import io.jtunnel.log.LogSink;
import io.jtunnel.log.TunnelLogger;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * stunnel's start-up buffer: lines logged before logging is configured are kept, then either written to the
 * configured log once the configuration succeeds, or printed to stderr in stunnel's error mode ({@code [!] text}).
 */
final class StartupLog implements LogSink {
    private record Line(LogLevel level, String text) {
    }

    private final List<Line> lines = new ArrayList<>();

    @Override
    public synchronized void log(LogLevel level, String text) {
        lines.add(new Line(level, text));
    }

    void errors(List<String> texts) {
        texts.forEach(t -> log(LogLevel.ERR, t));
    }

    /** Writes the kept lines to the configured log with the main thread's id. */
    synchronized void flushTo(TunnelLogger logger, String id) {
        lines.forEach(line -> logger.log(line.level(), id, line.text()));
        lines.clear();
    }

    /** stunnel's error mode: every kept line, debug ones included, as {@code [c] text} on stderr. */
    synchronized void printErrorMode(PrintWriter err) {
        lines.forEach(line -> err.println("[" + marker(line.level()) + "] " + line.text()));
        err.flush();
        lines.clear();
    }

    /** Only the warnings and errors kept so far, in error-mode form (for {@code check}). */
    synchronized List<String> warningsAndErrors() {
        return lines.stream().filter(l -> l.level().ordinal() <= LogLevel.WARNING.ordinal())
            .map(l -> "[" + marker(l.level()) + "] " + l.text()).toList();
    }

    static char marker(LogLevel level) {
        return switch (level) {
            case EMERG, ALERT, CRIT -> '*';
            case ERR -> '!';
            case WARNING -> ':';
            case NOTICE -> '.';
            default -> ' ';
        };
    }
}
