package io.jtunnel.relay;

import io.jtunnel.config.ConnectTarget;
import io.jtunnel.config.HttpConnect;
import io.jtunnel.config.OptionValueException;
import io.jtunnel.log.LogLevel;
import io.jtunnel.log.LogSink;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Server mode, {@code protocol = connect}: first on the accepted socket, before TLS, as stunnel's connect_server()
 * reads it. The client sends {@code CONNECT host:port HTTP/1.x} and headers (ignored); a request that is not
 * {@code CONNECT} gets {@code 400 Bad Request Method}, one without {@code HTTP/} after the target
 * {@code 400 Bad Request Protocol}, a target that does not resolve {@code 404 Not Found}; each ends with a reset.
 * Otherwise the answer is {@code 200 OK}, TLS starts on the same socket and, after the handshake, the connection goes
 * to the requested target instead of {@code connect}. Each wait for the request is bounded by TIMEOUTbusy.
 */
final class HttpConnectServerHandler extends ChannelInboundHandlerAdapter {
    /** What the connection does with the request. */
    interface Outcome {
        /** TLS is in place behind this handler and the client was told 200: connect to {@code target} later. */
        void accepted(ConnectTarget target);

        /** A bad request (answered) or a vanished client (logged): the connection is reset. */
        void failed();
    }

    /** The name lookups of requested targets block: they run here, never on an event loop. */
    private static final Executor LOOKUPS = lookups();

    private final long busyMillis;
    private final Runnable installTls;
    private final HttpLines lines = new HttpLines();
    private ChannelHandlerContext ctx;
    private LogSink log = LogSink.discard();
    private Outcome outcome;
    private String target;
    private boolean headDone;
    private boolean done;
    private ByteBuf early;
    private ScheduledFuture<?> timer;

    /**
     * @param installTls puts the TLS handlers after this one (called on the event loop, once the 200 is written)
     * @param busyMillis TIMEOUTbusy, -1 for no limit
     */
    HttpConnectServerHandler(long busyMillis, Runnable installTls) {
        this.busyMillis = busyMillis;
        this.installTls = installTls;
    }

    private static Executor lookups() {
        ThreadPoolExecutor executor = new ThreadPoolExecutor(4, 4, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
            task -> {
                Thread thread = new Thread(task, "jtunnel-connect-lookup");
                thread.setDaemon(true);
                return thread;
            });
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    /** The client connected: read its request. Runs on the channel's event loop. */
    void start(LogSink connectionLog, Outcome outcome) {
        this.log = connectionLog;
        this.outcome = outcome;
        armTimer();
        ctx.read();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (outcome == null || done) {
            ctx.fireChannelRead(msg);
            return;
        }
        ByteBuf in = (ByteBuf) msg;
        try {
            armTimer();
            String line;
            while (!headDone && !done && (line = lines.next(in)) != null) {
                requestLine(line);
            }
            if (headDone && !done && in.isReadable()) {
                keepEarly(in); // a client that did not wait for the answer: its TLS hello, for later
            }
        } catch (HttpLines.TooLongException e) {
            fail(e.getMessage());
        } finally {
            in.release();
        }
    }

    private void keepEarly(ByteBuf in) {
        if (early == null) {
            early = ctx.alloc().buffer(in.readableBytes());
        }
        if (early.readableBytes() + in.readableBytes() > HttpLines.MAX_HEAD) {
            fail("HTTP request followed by too many bytes before the answer");
            return;
        }
        early.writeBytes(in);
    }

    private void requestLine(String line) {
        HttpLines.trace(log, "<-", line);
        if (target == null) {
            if (!HttpLines.isPrefix(line, "CONNECT ")) {
                answerAndReset("HTTP/1.0 400 Bad Request Method");
                return;
            }
            int space = line.indexOf(' ', 8);
            if (space < 0 || !line.regionMatches(true, space, " HTTP/", 0, 6)) {
                answerAndReset("HTTP/1.0 400 Bad Request Protocol");
                return;
            }
            target = line.substring(8, space);
            return;
        }
        if (line.isEmpty()) {
            headDone = true;
            cancelTimer();
            resolve();
        }
    }

    /** The lookup runs off the event loop; the answer is written back on it. */
    private void resolve() {
        String spec = target;
        LOOKUPS.execute(() -> {
            ConnectTarget resolved = null;
            if (!spec.isEmpty()) {
                try {
                    resolved = HttpConnect.resolveRequested(spec, log);
                } catch (OptionValueException | RuntimeException e) {
                    resolved = null; // stunnel's resolver logged why
                }
            }
            ConnectTarget result = resolved;
            ctx.executor().execute(() -> resolvedTarget(result));
        });
    }

    private void resolvedTarget(ConnectTarget resolved) {
        if (done) {
            return;
        }
        if (resolved == null || resolved.resolved().isEmpty()) {
            answerAndReset("HTTP/1.0 404 Not Found");
            return;
        }
        answer("HTTP/1.0 200 OK").addListener((ChannelFutureListener) f -> {
            if (done) {
                return;
            }
            if (!f.isSuccess()) {
                fail("s_write: writesocket: " + SocketErrors.describe(f.cause()));
                return;
            }
            done = true;
            installTls.run();
            if (early != null) {
                ctx.fireChannelRead(early);
                early = null;
                ctx.fireChannelReadComplete();
            }
            ctx.pipeline().remove(this);
            outcome.accepted(resolved);
        });
    }

    /** stunnel's three answer lines; the server name is jtunnel's. */
    private ChannelFuture answer(String status) {
        StringBuilder text = new StringBuilder();
        for (String line : new String[] {status, "Server: jtunnel", ""}) {
            HttpLines.trace(log, "->", line);
            text.append(line).append("\r\n");
        }
        return ctx.writeAndFlush(Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII));
    }

    private void answerAndReset(String status) {
        done = true;
        cancelTimer();
        answer(status).addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                log.log(LogLevel.ERR, "s_write: writesocket: " + SocketErrors.describe(f.cause()));
            }
            finishFailed();
        });
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent && outcome != null && !done) {
            if (!headDone) {
                fail("s_read: Unexpected socket close");
            }
            return; // after the request: the end waits until the relay runs
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (outcome != null && !done) {
            fail("s_read: Unexpected socket close");
        }
        cancelTimer();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (outcome != null && !done) {
            fail("s_read_eof: readsocket: " + SocketErrors.describe(cause));
            return;
        }
        ctx.fireExceptionCaught(cause);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancelTimer();
        if (early != null) {
            early.release();
            early = null;
        }
    }

    private void fail(String message) {
        if (done) {
            return;
        }
        done = true;
        cancelTimer();
        log.log(LogLevel.ERR, message);
        finishFailed();
    }

    private void finishFailed() {
        if (early != null) {
            early.release();
            early = null;
        }
        outcome.failed();
    }

    private void armTimer() {
        cancelTimer();
        if (busyMillis >= 0 && !headDone) {
            timer = ctx.executor().schedule(() -> {
                if (!done) {
                    done = true;
                    log.log(LogLevel.INFO, "s_read_eof: s_poll_wait: TIMEOUTbusy exceeded: sending reset");
                    finishFailed();
                }
            }, busyMillis, TimeUnit.MILLISECONDS);
        }
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
