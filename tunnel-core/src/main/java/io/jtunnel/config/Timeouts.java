package io.jtunnel.config;

/** A service's timeouts in seconds, as stunnel reads them: a negative value waits forever, 0 does not wait at all. */
public record Timeouts(int busySeconds, int closeSeconds, int connectSeconds, int idleSeconds) {

    /** Milliseconds to wait, or -1 for no limit. */
    public static long millis(int seconds) {
        return seconds < 0 ? -1 : seconds * 1000L;
    }
}
