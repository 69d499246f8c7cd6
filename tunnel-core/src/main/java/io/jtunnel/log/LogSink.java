package io.jtunnel.log;

/** Where stunnel-style log lines go: the text without the timestamp and {@code LOGn[id]:} prefix. */
@FunctionalInterface
public interface LogSink {
    void log(LogLevel level, String text);

    /** A sink that drops everything. */
    static LogSink discard() {
        return (level, text) -> { };
    }
}
