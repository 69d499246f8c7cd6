package io.jtunnel.tls;

import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that run the TLS engines' delegated tasks for services whose peer verification may block (OCSP), so a
 * slow responder holds one of these threads, never an event loop. One pool for the process (like Netty's global
 * executors): up to {@value #THREADS} checks at once, more wait in line (each handshake stays bounded by
 * TIMEOUTbusy); idle threads end after a minute, so a process without OCSP services keeps none.
 */
public final class VerificationTasks {
    static final int THREADS = 64;
    private static final Executor SHARED = create();

    private VerificationTasks() {
    }

    public static Executor shared() {
        return SHARED;
    }

    private static Executor create() {
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(THREADS, THREADS, 60, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(), task -> {
                Thread thread = new Thread(task, "jtunnel-verify-" + count.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }
}
