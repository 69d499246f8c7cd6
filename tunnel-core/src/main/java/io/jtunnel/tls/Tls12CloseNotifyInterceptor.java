package io.jtunnel.tls;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;

/**
 * Sits in front of the SslHandler of engines that answer a close_notify by closing their outbound side (the JDK's
 * and Conscrypt's in TLS 1.2). It follows the TLS record boundaries and, once a TLS 1.2 (or older) handshake has
 * completed, holds back the first alert record and everything after it, and fires {@link PeerClosedEvent} instead,
 * so the engine stays writable and the upstream's answer still reaches the client. In TLS 1.2 the record type is
 * visible outside the encryption; after the handshake the only alerts are close_notify or fatal ones, and a fatal one
 * then ends the connection as a close does. In TLS 1.3 alerts are encrypted, so the handler removes itself.
 */
public final class Tls12CloseNotifyInterceptor extends ChannelInboundHandlerAdapter {
    private static final int HEADER = 5;
    private static final byte ALERT = 21;

    private final SslHandler tls;
    private final byte[] header = new byte[HEADER];
    private int headerBytes;
    private int recordRemaining;
    private boolean dropping;

    public Tls12CloseNotifyInterceptor(SslHandler tls) {
        this.tls = tls;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf in)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (dropping) {
            in.release();
            return;
        }
        boolean afterHandshake = tls.handshakeFuture().isSuccess();
        if (afterHandshake && isTls13()) {
            ctx.pipeline().remove(this); // at a buffer boundary: nothing of ours is pending
            ctx.fireChannelRead(in);
            return;
        }
        int index = in.readerIndex();
        int end = in.writerIndex();
        while (index < end) {
            if (recordRemaining > 0) {
                int skip = Math.min(recordRemaining, end - index);
                index += skip;
                recordRemaining -= skip;
                continue;
            }
            int recordStart = index;
            while (headerBytes < HEADER && index < end) {
                header[headerBytes++] = in.getByte(index++);
            }
            if (headerBytes < HEADER) {
                break;
            }
            headerBytes = 0;
            recordRemaining = ((header[3] & 0xff) << 8) | (header[4] & 0xff);
            if (afterHandshake && header[0] == ALERT) {
                dropping = true;
                ByteBuf before = in.retainedSlice(in.readerIndex(), Math.max(0, recordStart - in.readerIndex()));
                in.release();
                if (before.isReadable()) {
                    ctx.fireChannelRead(before);
                } else {
                    before.release();
                }
                ctx.fireUserEventTriggered(PeerClosedEvent.INSTANCE);
                return;
            }
        }
        ctx.fireChannelRead(in);
    }

    private boolean isTls13() {
        return "TLSv1.3".equals(tls.engine().getSession().getProtocol());
    }

    /** Fired in place of a TLS 1.2 close_notify that was held back from the engine. */
    public enum PeerClosedEvent {
        INSTANCE
    }
}
