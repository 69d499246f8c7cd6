package io.jtunnel.relay;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.ssl.SslHandler;

/**
 * Holds a TCP end of stream back from the SslHandler while its handshake waits for a delegated task (an OCSP check
 * on a verification thread). Netty's decoder drops the bytes it still holds when the input shuts, so a client that
 * sends its last request and FIN right behind its certificate would lose them; stunnel, whose check blocks, reads
 * them after it. The event goes on once the handshake is over and what was held has been decoded.
 */
final class EndOfStreamDeferrer extends ChannelInboundHandlerAdapter {
    private final SslHandler tls;

    EndOfStreamDeferrer(SslHandler tls) {
        this.tls = tls;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof ChannelInputShutdownEvent && !tls.handshakeFuture().isDone()) {
            // the listener runs while the SslHandler is still decoding; execute() runs after that decoding
            tls.handshakeFuture().addListener(done -> ctx.executor().execute(() -> ctx.fireUserEventTriggered(evt)));
            return;
        }
        super.userEventTriggered(ctx, evt);
    }
}
