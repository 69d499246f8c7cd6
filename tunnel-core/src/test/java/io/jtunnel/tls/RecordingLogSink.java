package io.jtunnel.tls;

import io.jtunnel.log.LogLevel;
import io.jtunnel.log.LogSink;
import java.util.ArrayList;
import java.util.List;

/** A {@link LogSink} that keeps every line as {@code LEVEL text}, for assertions on what the tls package logs. */
final class RecordingLogSink implements LogSink {
    private final List<String> lines = new ArrayList<>();

    @Override
    public synchronized void log(LogLevel level, String text) {
        lines.add(level.name() + " " + text);
    }

    synchronized List<String> lines() {
        return List.copyOf(lines);
    }
}
