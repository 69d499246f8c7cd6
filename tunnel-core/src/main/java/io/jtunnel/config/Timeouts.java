package io.jtunnel.config;

/** A service's timeouts in seconds, as stunnel reads them: a negative value waits forever, 0 does not wait at all. */
public record Timeouts(int busySeconds, int closeSeconds, int connectSeconds, int idleSeconds) {

    /** Milliseconds to wait, or -1 for no limit. */
    public static long millis(int seconds) {
        return seconds < 0 ? -1 : seconds * 1000L;
    }

    /**
     * The same wait for a Netty timeout setting, where 0 means "no limit": stunnel's 0 ("do not wait") becomes the
     * shortest wait Netty allows, 1 ms, and a negative value (forever) becomes 0.
     */
    public static int nettyMillis(int seconds) {
        long millis = millis(seconds);
        return millis < 0 ? 0 : (int) Math.max(1, Math.min(Integer.MAX_VALUE, millis));
    }
}
