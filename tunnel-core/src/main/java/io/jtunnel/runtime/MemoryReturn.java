package io.jtunnel.runtime;

import io.jtunnel.log.LogLevel;
import io.jtunnel.log.LogSink;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * Gives memory back after a burst of connections has closed. The serial collector keeps the heap it grew to until a
 * full collection, and the native memory of closed TLS engines is freed only by their finalizers after one, which the
 * old generation may not need for hours; measured after 9,700 connections closed: +130 MB of committed heap and
 * +80 MB of native memory held. So, when the open channels have stayed at most a quarter of a peak of at least
 * {@link #MINIMUM_PEAK} for two samples ({@link ConnectionPeak}), full collections run (pauses of tens of
 * milliseconds, once per burst); the launcher's JVM options let them shrink the heap at once and return freed native
 * memory to the system.
 */
public final class MemoryReturn implements AutoCloseable {
    /** Channels (two per connection): bursts smaller than this never trigger a collection. */
    static final int MINIMUM_PEAK = 2_000;
    private static final Duration SAMPLE_EVERY = Duration.ofSeconds(5);

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "jtunnel-memory");
        thread.setDaemon(true);
        return thread;
    });

    private MemoryReturn() {
    }

    /** Samples {@code openChannels} every few seconds and collects after each burst, logging it at INFO. */
    public static MemoryReturn start(IntSupplier openChannels, LogSink log) {
        return start(openChannels, log, SAMPLE_EVERY);
    }

    static MemoryReturn start(IntSupplier openChannels, LogSink log, Duration sampleEvery) {
        MemoryReturn memoryReturn = new MemoryReturn();
        ConnectionPeak peak = new ConnectionPeak(MINIMUM_PEAK);
        memoryReturn.timer.scheduleWithFixedDelay(() -> {
            int before = peak.peak();
            int open = openChannels.getAsInt();
            if (peak.burstEnded(open)) {
                long paused = collectTwice();
                log.log(LogLevel.INFO, "Open channels fell from " + before + " to " + open + ": memory returned by full "
                    + "collections in " + paused + " ms");
            }
        }, sampleEvery.toMillis(), sampleEvery.toMillis(), TimeUnit.MILLISECONDS);
        return memoryReturn;
    }

    /**
     * Deliberate full collections (see the class comment), two: the first finds the closed TLS engines, whose finalizers
     * (on the JVM's finalizer thread, after the reference handler has queued them) free their native memory; only the
     * second frees the objects they kept alive and shrinks the heap. Returns the milliseconds spent collecting.
     */
    private static long collectTwice() {
        long start = System.nanoTime();
        System.gc();
        long first = System.nanoTime() - start;
        try {
            TimeUnit.SECONDS.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // closing: no second collection
            return TimeUnit.NANOSECONDS.toMillis(first);
        }
        System.runFinalization();
        start = System.nanoTime();
        System.gc();
        return TimeUnit.NANOSECONDS.toMillis(first + System.nanoTime() - start);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
