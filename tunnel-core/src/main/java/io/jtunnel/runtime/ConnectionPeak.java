package io.jtunnel.runtime;

/**
 * Notices the end of a burst of connections: the count of open channels is at most a quarter of a peak that reached
 * at least {@code minimumPeak}, in two samples in a row (one low sample may be a burst still closing). Each burst is
 * reported once; the next one is measured from the count then. Not thread-safe: one caller samples it.
 */
final class ConnectionPeak {
    private final int minimumPeak;
    private int peak;
    private boolean lowBefore;

    ConnectionPeak(int minimumPeak) {
        if (minimumPeak < 1) {
            throw new IllegalArgumentException("minimum peak must be at least 1: " + minimumPeak);
        }
        this.minimumPeak = minimumPeak;
    }

    /** Records the count now; true when it ends a burst (see the class comment). */
    boolean burstEnded(int open) {
        peak = Math.max(peak, open);
        boolean low = peak >= minimumPeak && open <= peak / 4;
        if (low && lowBefore) {
            peak = open;
            lowBefore = false;
            return true;
        }
        lowBefore = low;
        return false;
    }

    /** The highest count since the last burst ended. */
    int peak() {
        return peak;
    }
}
