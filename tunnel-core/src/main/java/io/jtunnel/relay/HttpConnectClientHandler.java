package io.jtunnel.relay;

import io.jtunnel.config.HttpConnect;
import io.jtunnel.log.LogLevel;
import io.jtunnel.log.LogSink;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Client mode, {@code protocol = connect}: first on the socket to the HTTP proxy. Once the TCP connection is up,
 * {@link #start} sends stunnel's request ({@code CONNECT protocolHost HTTP/1.1}, {@code Host:}, basic credentials,
 * each {@code protocolHeader} line, an empty line), then reads the proxy's answer up to the empty line: a status
 * other than {@code HTTP/1.0 2xx} or {@code HTTP/1.1 2xx} is a refusal. Each wait for the proxy is bounded by
 * TIMEOUTbusy. On success the caller puts TLS behind this handler, which then leaves the pipeline, passing on any
 * bytes that followed the answer.
 */
final class HttpConnectClientHandler extends ChannelInboundHandlerAdapter {
    /** What the connection does once the proxy has answered. */
    interface Outcome {
        /** The tunnel is open: put TLS after this handler now. */
        void accepted();

        /** Refused, or the proxy failed to answer (logged already): the connection is reset. */
        void failed();

        /** True once the connection ended for another reason (its client left): nothing more to log then. */
        boolean ended();
    }

    private final HttpConnect settings;
    private final LogSink log;
    private final long busyMillis;
    private final HttpLines lines = new HttpLines();
    private ChannelHandlerContext ctx;
    private Outcome outcome;
    private String status;
    private boolean done;
    private boolean open;
    private ScheduledFuture<?> timer;

    /** @param busyMillis TIMEOUTbusy, -1 for no limit */
    HttpConnectClientHandler(HttpConnect settings, LogSink log, long busyMillis) {
        this.settings = settings;
        this.log = log;
        this.busyMillis = busyMillis;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    /** The request lines, as stunnel's connect_client() writes them. */
    static List<String> request(HttpConnect settings) {
        String host = settings.host().orElseThrow();
        List<String> request = new ArrayList<>();
        request.add("CONNECT " + host + " HTTP/1.1");
        request.add("Host: " + host);
        settings.authorization().ifPresent(value -> request.add("Proxy-Authorization: " + value));
        request.addAll(settings.headers());
        request.add("");
        return request;
    }

    /** The TCP connection to the proxy is up: ask it for the tunnel. Runs on the channel's event loop. */
    void start(Outcome outcome) {
        this.outcome = outcome;
        StringBuilder text = new StringBuilder();
        for (String line : request(settings)) {
            text.append(line).append("\r\n");
            HttpLines.trace(log, "->", line);
        }
        ctx.writeAndFlush(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8))
            .addListener((ChannelFutureListener) f -> {
                if (!f.isSuccess()) {
                    fail(LogLevel.ERR, "s_write: writesocket: " + SocketErrors.describe(f.cause()));
                }
            });
        armTimer();
        ctx.read();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (done || outcome == null) {
            ctx.fireChannelRead(msg);
            return;
        }
        ByteBuf in = (ByteBuf) msg;
        try {
            armTimer();
            String line;
            while (!done && (line = lines.next(in)) != null) {
                answerLine(line);
            }
            if (open && in.isReadable()) {
                ctx.fireChannelRead(in.retain()); // the peer's first TLS bytes, for the handler just put behind us
            }
        } catch (HttpLines.TooLongException e) {
            fail(LogLevel.ERR, e.getMessage());
        } finally {
            in.release();
        }
        if (open && ctx.pipeline().context(this) != null) {
            ctx.pipeline().remove(this);
        }
    }

    private void answerLine(String line) {
        HttpLines.trace(log, "<-", line);
        if (status == null) {
            status = line;
            if (accepted()) {
                log.log(LogLevel.INFO, "CONNECT request accepted");
            } else {
                log.log(LogLevel.ERR, "CONNECT request rejected");
            }
            return;
        }
        if (!line.isEmpty()) {
            return; // headers are read and ignored, as stunnel does
        }
        done = true;
        cancelTimer();
        if (accepted()) {
            open = true;
            outcome.accepted();
        } else {
            outcome.failed();
        }
    }

    /** "HTTP/1.x 2xx Connection established". */
    private boolean accepted() {
        return HttpLines.isPrefix(status, "HTTP/1.0 2") || HttpLines.isPrefix(status, "HTTP/1.1 2");
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (!done && outcome != null) {
            ctx.read(); // AUTO_READ is off: ask for the rest of the answer
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent && !done && outcome != null) {
            fail(LogLevel.ERR, "s_read: Unexpected socket close");
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (!done && outcome != null) {
            fail(LogLevel.ERR, "s_read: Unexpected socket close");
        }
        cancelTimer();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!done && outcome != null) {
            fail(LogLevel.ERR, "s_read_eof: readsocket: " + SocketErrors.describe(cause));
            return;
        }
        ctx.fireExceptionCaught(cause);
    }

    private void fail(LogLevel level, String message) {
        if (done) {
            return;
        }
        done = true;
        cancelTimer();
        if (!outcome.ended()) {
            log.log(level, message);
        }
        outcome.failed();
    }

    /** stunnel bounds each wait for the proxy's bytes, not the whole answer: every read starts the wait again. */
    private void armTimer() {
        cancelTimer();
        if (busyMillis >= 0) {
            timer = ctx.executor().schedule(() -> fail(LogLevel.INFO,
                "s_read_eof: s_poll_wait: TIMEOUTbusy exceeded: sending reset"), busyMillis, TimeUnit.MILLISECONDS);
        }
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
