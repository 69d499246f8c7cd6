package io.jtunnel.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * One mutual-TLS client connection of the generator. Each ends with exactly one of {@link Listener#closed} (after a
 * close the generator asked for) or {@link Listener#failed}. Every callback runs on the connection's event loop.
 */
final class ClientConn extends ChannelInboundHandlerAdapter {
    /** How long a graceful close waits for the tunnel to close its side before the socket is dropped. */
    static final long CLOSE_WAIT_MILLIS = 5000;

    interface Listener {
        void handshaken(ClientConn conn);

        void answered(ClientConn conn, String answer);

        void closed(ClientConn conn);

        void failed(ClientConn conn, Throwable cause);

        /** After our close_notify: the tunnel reset the connection, or did not close it in time. */
        default void closeTrouble(ClientConn conn, String what) {
        }
    }

    private final Listener listener;
    private Channel channel;
    private SslHandler ssl;
    private final StringBuilder answer = new StringBuilder(512);
    private int crlfMatched;
    private boolean closing;
    private boolean ended;
    /** The listener of the scenario now using this connection, after {@link Generator#openMany} opened it. */
    volatile Object tag;
    /** When the connect began (System.nanoTime). */
    final long openedNanos = System.nanoTime();

    // upload state
    private ByteBuf pattern;
    private long uploadLeft;
    private long uploadOffset;

    private ClientConn(Listener listener) {
        this.listener = listener;
    }

    static ClientConn open(Bootstrap bootstrap, SslContext tls, SocketAddress target, Listener listener) {
        ClientConn conn = new ClientConn(listener);
        bootstrap.clone().handler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                conn.channel = ch;
                conn.ssl = tls.newHandler(ch.alloc()); // no peer host/port: no session is cached or resumed
                ch.pipeline().addLast(conn.ssl, conn);
            }
        }).connect(target).addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                conn.channel = f.channel();
                conn.fail(f.cause());
            }
        });
        return conn;
    }

    Channel channel() {
        return channel;
    }

    void send(String text) {
        channel.writeAndFlush(Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII));
    }

    void send(ByteBuf data) {
        channel.writeAndFlush(data);
    }

    /** Sends {@code length} bytes of the endless repetition of {@code pattern}, after an UPLOAD header. */
    void upload(ByteBuf pattern, long length) {
        channel.eventLoop().execute(() -> {
            this.pattern = pattern;
            this.uploadLeft = length;
            this.uploadOffset = 0;
            send(Icap.uploadHeader(length));
            pump();
        });
    }

    private void pump() {
        int chunkLimit = 64 * 1024;
        while (uploadLeft > 0 && channel.isWritable() && !ended) {
            int at = (int) (uploadOffset % pattern.capacity());
            int n = (int) Math.min(Math.min(chunkLimit, pattern.capacity() - at), uploadLeft);
            channel.writeAndFlush(pattern.retainedSlice(at, n));
            uploadLeft -= n;
            uploadOffset += n;
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (uploadLeft > 0) {
            pump();
        }
        ctx.fireChannelWritabilityChanged();
    }

    /** Sends close_notify and waits (bounded) for the tunnel to close; then {@link Listener#closed}. */
    void closeGracefully() {
        channel.eventLoop().execute(() -> {
            if (ended || closing) {
                return;
            }
            closing = true;
            if (!channel.isActive()) {
                end();
                return;
            }
            ssl.closeOutbound();
            channel.eventLoop().schedule(() -> {
                if (channel.isActive()) {
                    listener.closeTrouble(this, "not closed by the tunnel within " + CLOSE_WAIT_MILLIS + " ms");
                    channel.close();
                }
            }, CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        });
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof SslHandshakeCompletionEvent done) {
            if (done.isSuccess()) {
                listener.handshaken(this);
            } else {
                fail(done.cause());
            }
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        try {
            while (in.isReadable()) {
                byte b = in.readByte();
                answer.append((char) b);
                crlfMatched = (b == (crlfMatched % 2 == 0 ? '\r' : '\n')) ? crlfMatched + 1 : (b == '\r' ? 1 : 0);
                if (crlfMatched == 4) {
                    crlfMatched = 0;
                    String text = answer.toString();
                    answer.setLength(0);
                    if (!ended) {
                        listener.answered(this, text);
                    }
                }
            }
        } finally {
            in.release();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (closing) {
            end();
        } else {
            fail(new IOException("connection closed by the tunnel"));
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (closing) {
            // e.g. a reset after our close_notify: the work was done, but the lead wants to know
            listener.closeTrouble(this, String.valueOf(cause));
            ctx.close();
        } else {
            fail(cause);
        }
    }

    private void end() {
        if (!ended) {
            ended = true;
            listener.closed(this);
        }
    }

    private void fail(Throwable cause) {
        if (!ended) {
            ended = true;
            if (channel != null) {
                channel.close();
            }
            listener.failed(this, cause);
        }
    }
}
