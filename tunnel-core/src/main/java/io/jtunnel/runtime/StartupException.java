package io.jtunnel.runtime;

import java.util.List;

/** A configuration that parsed but cannot run (unreadable key, port in use...); lines are stunnel-style messages. */
public final class StartupException extends Exception {
    private static final long serialVersionUID = 1L;
    private final List<String> lines;

    public StartupException(List<String> lines) {
        super(String.join(System.lineSeparator(), lines));
        this.lines = List.copyOf(lines);
    }

    public List<String> lines() {
        return lines;
    }
}
