package io.jtunnel.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.handler.ssl.SslContext;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32C;

/** The load: mutual-TLS clients against one tunnel address, one scenario at a time. */
final class Generator implements AutoCloseable {
    /** The measured part of a scenario: the caller samples /proc at start() and stop(). */
    interface Meter {
        /** For the warm-up: measures nothing. */
        Meter NONE = new Meter() {
            @Override
            public void start() {
            }

            @Override
            public void stop() {
            }
        };

        void start();

        void stop();
    }

    /** What a scenario did: operations completed, errors (with a few samples), bytes moved, close troubles. */
    static final class Outcome {
        final AtomicLong ops = new AtomicLong();
        final AtomicLong errors = new AtomicLong();
        final AtomicLong bytes = new AtomicLong();
        final AtomicLong closeTroubles = new AtomicLong();
        /** Sums over connections of connect-to-answer and connect-to-closed time, for mean latencies. */
        final AtomicLong answerNanos = new AtomicLong();
        final AtomicLong closedNanos = new AtomicLong();
        final AtomicLong closedCount = new AtomicLong();
        final List<String> samples = Collections.synchronizedList(new ArrayList<>());

        void error(String what) {
            errors.incrementAndGet();
            if (samples.size() < 5) {
                samples.add(what);
            }
        }

        void closeTrouble(String what) {
            closeTroubles.incrementAndGet();
            if (samples.size() < 5) {
                samples.add("on close: " + what);
            }
        }
    }

    private static final int PATTERN_SIZE = 1024 * 1024 + 7; // not a multiple of the chunk size: shifts every pass

    private final EventLoopGroup group;
    private final Bootstrap bootstrap;
    private final InetSocketAddress target;
    private final ByteBuf pattern;
    private final ByteBuf request = Unpooled.unreleasableBuffer(Unpooled.directBuffer().writeBytes(Icap.request()));

    Generator(InetSocketAddress target, int threads) {
        this.target = target;
        this.group = new MultiThreadIoEventLoopGroup(threads, EpollIoHandler.newFactory());
        this.bootstrap = new Bootstrap().group(group).channel(EpollSocketChannel.class)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
            .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(256 * 1024, 512 * 1024));
        byte[] bytes = new byte[PATTERN_SIZE];
        new Random(42).nextBytes(bytes);
        this.pattern = Unpooled.unreleasableBuffer(Unpooled.directBuffer(PATTERN_SIZE).writeBytes(bytes));
    }

    /** Milliseconds until a first OPTIONS exchange through the tunnel succeeds, retrying refused connects. */
    long firstAnswer(SslContext tls, long startNanos, long limitMillis) throws InterruptedException {
        long deadline = startNanos + TimeUnit.MILLISECONDS.toNanos(limitMillis);
        while (System.nanoTime() < deadline) {
            CompletableFuture<Boolean> result = new CompletableFuture<>();
            ClientConn.open(bootstrap, tls, target, new ClientConn.Listener() {
                @Override
                public void handshaken(ClientConn conn) {
                    conn.send(Icap.OPTIONS_REQUEST);
                }

                @Override
                public void answered(ClientConn conn, String answer) {
                    result.complete(answer.startsWith("ICAP/1.0 200"));
                    conn.closeGracefully();
                }

                @Override
                public void closed(ClientConn conn) {
                }

                @Override
                public void failed(ClientConn conn, Throwable cause) {
                    if (!refused(cause) && !result.isDone()) {
                        System.out.println("  first connection: " + cause);
                    }
                    result.complete(false);
                }
            });
            if (result.join()) {
                return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
            }
            Thread.sleep(10);
        }
        return -1;
    }

    /**
     * Full handshakes: {@code concurrency} connections in flight, each connect, mutual-TLS handshake, one OPTIONS
     * exchange, close_notify and wait for the tunnel's close; until {@code millis} have passed or {@code max} started.
     */
    Outcome handshakes(SslContext tls, int concurrency, long millis, int max, Meter meter) {
        Outcome out = new Outcome();
        AtomicInteger started = new AtomicInteger();
        AtomicInteger inFlight = new AtomicInteger();
        CompletableFuture<Void> done = new CompletableFuture<>();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        ClientConn.Listener listener = new ClientConn.Listener() {
            @Override
            public void handshaken(ClientConn conn) {
                conn.send(Icap.OPTIONS_REQUEST);
            }

            @Override
            public void answered(ClientConn conn, String answer) {
                if (answer.startsWith("ICAP/1.0 200")) {
                    out.ops.incrementAndGet();
                    out.answerNanos.addAndGet(System.nanoTime() - conn.openedNanos);
                } else {
                    out.error("unexpected answer: " + firstLine(answer));
                }
                conn.closeGracefully();
            }

            @Override
            public void closed(ClientConn conn) {
                out.closedNanos.addAndGet(System.nanoTime() - conn.openedNanos);
                out.closedCount.incrementAndGet();
                next();
            }

            @Override
            public void failed(ClientConn conn, Throwable cause) {
                out.error(String.valueOf(cause));
                next();
            }

            @Override
            public void closeTrouble(ClientConn conn, String what) {
                out.closeTrouble(what);
            }

            private void next() {
                if (System.nanoTime() < deadline && started.get() < max) {
                    start(this);
                }
                if (inFlight.decrementAndGet() == 0) {
                    done.complete(null);
                }
            }

            private void start(ClientConn.Listener self) {
                started.incrementAndGet();
                inFlight.incrementAndGet();
                ClientConn.open(bootstrap, tls, target, self);
            }
        };
        meter.start();
        inFlight.incrementAndGet(); // held by this thread until every first connection is started
        for (int i = 0; i < Math.min(concurrency, max); i++) {
            started.incrementAndGet();
            inFlight.incrementAndGet();
            ClientConn.open(bootstrap, tls, target, listener);
        }
        if (inFlight.decrementAndGet() == 0) {
            done.complete(null);
        }
        await(done, millis + 60_000, out);
        meter.stop();
        return out;
    }

    /** {@code count} connections, each a request of 4 KiB answered with 256 B, as fast as they go for a while. */
    Outcome requests(SslContext tls, int count, long millis, Meter meter) {
        Outcome out = new Outcome();
        List<ClientConn> conns = openMany(tls, count, count, out);
        if (conns.size() < count) {
            closeAll(conns, out);
            return out;
        }
        AtomicInteger running = new AtomicInteger(conns.size());
        CompletableFuture<Void> done = new CompletableFuture<>();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        ClientConn.Listener listener = new Reuse(out) {
            @Override
            public void answered(ClientConn conn, String answer) {
                if (answer.length() == Icap.RESPONSE_SIZE) {
                    out.ops.incrementAndGet();
                } else {
                    out.error("answer of " + answer.length() + " bytes: " + firstLine(answer));
                }
                if (System.nanoTime() < deadline) {
                    conn.send(request.duplicate());
                } else if (running.decrementAndGet() == 0) {
                    done.complete(null);
                }
            }

            @Override
            public void failed(ClientConn conn, Throwable cause) {
                super.failed(conn, cause);
                if (running.decrementAndGet() == 0) {
                    done.complete(null);
                }
            }
        };
        meter.start();
        for (ClientConn conn : conns) {
            conn.tag = listener;
            conn.send(request.duplicate());
        }
        await(done, millis + 30_000, out);
        meter.stop();
        closeAll(conns, out);
        return out;
    }

    /** {@code count} connections, each uploading {@code bytesEach}; the upstream's CRC32C must match ours. */
    Outcome bulk(SslContext tls, int count, long bytesEach, Meter meter) {
        Outcome out = new Outcome();
        List<ClientConn> conns = openMany(tls, count, count, out);
        if (conns.size() < count) {
            closeAll(conns, out);
            return out;
        }
        String expected = Integer.toHexString(expectedCrc(bytesEach));
        AtomicInteger running = new AtomicInteger(conns.size());
        CompletableFuture<Void> done = new CompletableFuture<>();
        ClientConn.Listener listener = new Reuse(out) {
            @Override
            public void answered(ClientConn conn, String answer) {
                String bytes = Icap.header(answer, "X-Bench-Bytes");
                String crc = Icap.header(answer, "X-Bench-CRC32C");
                if (String.valueOf(bytesEach).equals(bytes) && expected.equals(crc)) {
                    out.ops.incrementAndGet();
                    out.bytes.addAndGet(bytesEach);
                } else {
                    out.error("integrity: upstream got " + bytes + " bytes, CRC32C " + crc + "; sent " + bytesEach
                        + ", " + expected);
                }
                if (running.decrementAndGet() == 0) {
                    done.complete(null);
                }
            }

            @Override
            public void failed(ClientConn conn, Throwable cause) {
                super.failed(conn, cause);
                if (running.decrementAndGet() == 0) {
                    done.complete(null);
                }
            }
        };
        meter.start();
        for (ClientConn conn : conns) {
            conn.tag = listener;
            conn.upload(pattern, bytesEach);
        }
        await(done, 600_000, out);
        meter.stop();
        closeAll(conns, out);
        return out;
    }

    int expectedCrc(long length) {
        CRC32C crc = new CRC32C();
        long left = length;
        while (left > 0) {
            int n = (int) Math.min(left, PATTERN_SIZE);
            crc.update(pattern.nioBuffer(0, n));
            left -= n;
        }
        return (int) crc.getValue();
    }

    /**
     * Opens {@code count} connections, {@code concurrency} at a time, each with a handshake and one OPTIONS exchange
     * (so the tunnel's upstream connection exists too), and leaves them open. Failures are counted in {@code out}.
     */
    List<ClientConn> openMany(SslContext tls, int count, int concurrency, Outcome out) {
        List<ClientConn> open = Collections.synchronizedList(new ArrayList<>(count));
        AtomicInteger started = new AtomicInteger();
        AtomicInteger ended = new AtomicInteger();
        CompletableFuture<Void> done = new CompletableFuture<>();
        ClientConn.Listener listener = new ClientConn.Listener() {
            @Override
            public void handshaken(ClientConn conn) {
                conn.send(Icap.OPTIONS_REQUEST);
            }

            @Override
            public void answered(ClientConn conn, String answer) {
                if (conn.tag instanceof ClientConn.Listener later) {
                    later.answered(conn, answer);
                    return;
                }
                if (answer.startsWith("ICAP/1.0 200")) {
                    open.add(conn);
                } else {
                    out.error("unexpected answer: " + firstLine(answer));
                }
                next();
            }

            @Override
            public void closed(ClientConn conn) {
                if (conn.tag instanceof ClientConn.Listener later) {
                    later.closed(conn);
                }
            }

            @Override
            public void failed(ClientConn conn, Throwable cause) {
                if (conn.tag instanceof ClientConn.Listener later) {
                    later.failed(conn, cause);
                    return;
                }
                out.error(String.valueOf(cause));
                next();
            }

            @Override
            public void closeTrouble(ClientConn conn, String what) {
                out.closeTrouble(what);
            }

            private void next() {
                if (started.get() < count) {
                    started.incrementAndGet();
                    ClientConn.open(bootstrap, tls, target, this);
                }
                if (ended.incrementAndGet() == count) {
                    done.complete(null);
                }
            }
        };
        for (int i = 0; i < Math.min(concurrency, count); i++) {
            started.incrementAndGet();
            ClientConn.open(bootstrap, tls, target, listener);
        }
        await(done, 120_000 + count * 20L, out);
        return new ArrayList<>(open);
    }

    /** One more OPTIONS exchange on every open connection at once; returns how many answered. */
    long roundTrip(List<ClientConn> conns, Outcome out) {
        AtomicInteger left = new AtomicInteger(conns.size());
        AtomicLong answered = new AtomicLong();
        CompletableFuture<Void> done = new CompletableFuture<>();
        ClientConn.Listener listener = new Reuse(out) {
            @Override
            public void answered(ClientConn conn, String answer) {
                if (answer.startsWith("ICAP/1.0 200")) {
                    answered.incrementAndGet();
                } else {
                    out.error("unexpected answer: " + firstLine(answer));
                }
                if (left.decrementAndGet() == 0) {
                    done.complete(null);
                }
            }

            @Override
            public void failed(ClientConn conn, Throwable cause) {
                super.failed(conn, cause);
                if (left.decrementAndGet() == 0) {
                    done.complete(null);
                }
            }
        };
        for (ClientConn conn : conns) {
            conn.tag = listener;
            conn.send(Icap.OPTIONS_REQUEST);
        }
        if (conns.isEmpty()) {
            done.complete(null);
        }
        await(done, 60_000 + conns.size() * 10L, out);
        return answered.get();
    }

    /** close_notify on every connection, and waits until the tunnel closed them all (or the close wait ran out). */
    void closeAll(List<ClientConn> conns, Outcome out) {
        AtomicInteger left = new AtomicInteger(conns.size());
        CompletableFuture<Void> done = new CompletableFuture<>();
        ClientConn.Listener listener = new Reuse(out) {
            @Override
            public void closed(ClientConn conn) {
                if (left.decrementAndGet() == 0) {
                    done.complete(null);
                }
            }

            @Override
            public void failed(ClientConn conn, Throwable cause) {
                super.failed(conn, cause);
                closed(conn);
            }
        };
        for (ClientConn conn : conns) {
            conn.tag = listener;
            conn.closeGracefully();
        }
        if (conns.isEmpty()) {
            done.complete(null);
        }
        await(done, ClientConn.CLOSE_WAIT_MILLIS + 60_000, out);
    }

    /** A listener for connections already open: failures are errors, closes are expected. */
    private static class Reuse implements ClientConn.Listener {
        private final Outcome out;

        Reuse(Outcome out) {
            this.out = out;
        }

        @Override
        public void handshaken(ClientConn conn) {
        }

        @Override
        public void answered(ClientConn conn, String answer) {
        }

        @Override
        public void closed(ClientConn conn) {
        }

        @Override
        public void failed(ClientConn conn, Throwable cause) {
            out.error(String.valueOf(cause));
        }

        @Override
        public void closeTrouble(ClientConn conn, String what) {
            out.closeTrouble(what);
        }
    }

    private static void await(CompletableFuture<Void> done, long millis, Outcome out) {
        try {
            done.get(millis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            out.error("scenario did not finish within " + millis + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            out.error("interrupted");
        } catch (java.util.concurrent.ExecutionException e) {
            out.error(String.valueOf(e.getCause()));
        }
    }

    static boolean refused(Throwable cause) {
        return cause instanceof ConnectException;
    }

    private static String firstLine(String text) {
        int end = text.indexOf('\r');
        return end < 0 ? text : text.substring(0, end);
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
