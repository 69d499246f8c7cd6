package io.jtunnel.relay;

import io.netty.channel.EventLoop;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One connection's inactivity timer, as stunnel's transfer loop uses its poll timeout: TIMEOUTidle while both
 * directions are open, TIMEOUTclose once one has closed. Any activity on either side restarts the wait; a negative
 * timeout never expires. Runs on the connection's event loop only, so it needs no locking.
 */
final class RelayTimer {
    private final EventLoop loop;
    private final Runnable onIdle;
    private final Runnable onClose;
    private long timeoutNanos = -1;
    private boolean closing;
    private long lastActivity;
    private ScheduledFuture<?> pending;

    RelayTimer(EventLoop loop, Runnable onIdle, Runnable onClose) {
        this.loop = loop;
        this.onIdle = onIdle;
        this.onClose = onClose;
    }

    /** Something was read or written: the wait starts again (cheap: no rescheduling). */
    void touch() {
        lastActivity = System.nanoTime();
    }

    void startIdle(long timeoutMillis) {
        closing = false;
        restart(timeoutMillis);
    }

    /** One direction has closed: from now on the connection may stay inactive for TIMEOUTclose at most. */
    void startClosing(long timeoutMillis) {
        if (!closing) {
            closing = true;
            restart(timeoutMillis);
        }
    }

    void cancel() {
        if (pending != null) {
            pending.cancel(false);
            pending = null;
        }
        timeoutNanos = -1;
    }

    private void restart(long timeoutMillis) {
        cancel();
        touch();
        if (timeoutMillis >= 0) {
            timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
            pending = loop.schedule(this::check, timeoutNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void check() {
        if (timeoutNanos < 0) {
            return;
        }
        long remaining = timeoutNanos - (System.nanoTime() - lastActivity);
        if (remaining > 0) {
            pending = loop.schedule(this::check, remaining, TimeUnit.NANOSECONDS);
            return;
        }
        pending = null;
        timeoutNanos = -1;
        (closing ? onClose : onIdle).run();
    }
}
