package io.jtunnel.config;

/** The {@code foreground} option: {@code yes} also logs to stderr, {@code quiet} does not, {@code no} would daemonize. */
public enum Foreground {
    YES, QUIET, NO;

    /** True when stunnel would not fork (so relative pid and log paths are allowed). */
    public boolean stays() {
        return this != NO;
    }
}
