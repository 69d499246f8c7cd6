package io.jtunnel.log;

import java.util.ArrayList;
import java.util.List;

/** A {@link LogSink} that keeps every line as {@code LEVEL text}, for assertions on what was logged. */
public final class RecordingLogSink implements LogSink {
    private final List<String> lines = new ArrayList<>();

    @Override
    public synchronized void log(LogLevel level, String text) {
        lines.add(level.name() + " " + text);
    }

    public synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    /** The texts only, without the level. */
    public synchronized List<String> texts() {
        return lines.stream().map(l -> l.substring(l.indexOf(' ') + 1)).toList();
    }
}
