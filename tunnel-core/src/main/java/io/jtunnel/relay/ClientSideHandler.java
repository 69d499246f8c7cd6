package io.jtunnel.relay;

import io.jtunnel.tls.Tls12CloseNotifyInterceptor;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.ssl.SslCloseCompletionEvent;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;

/** The client (TLS) side of one connection, after the SslHandler: hands everything to its {@link Connection}. */
final class ClientSideHandler extends ChannelInboundHandlerAdapter {
    private final RelayService service;
    private final SslHandler tls;
    private Connection connection;

    ClientSideHandler(RelayService service, SslHandler tls) {
        this.service = service;
        this.tls = tls;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        connection = new Connection(service, ctx.channel(), tls);
        connection.accepted();
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        connection.fromClient((ByteBuf) msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        connection.clientReadComplete();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof SslHandshakeCompletionEvent handshake) {
            if (handshake.isSuccess()) {
                connection.handshakeSucceeded();
            } else {
                connection.handshakeFailed(handshake.cause());
            }
        } else if (evt instanceof SslCloseCompletionEvent closed) {
            // also fired for our own closeOutbound() and on channel close: only a real close_notify counts
            if (closed.isSuccess() && service.tls().engine().peerSentCloseNotify(tls.engine())) {
                connection.clientCloseNotify();
            }
        } else if (evt == Tls12CloseNotifyInterceptor.PeerClosedEvent.INSTANCE) {
            connection.clientCloseNotify();
        } else if (evt instanceof ChannelInputShutdownEvent) {
            connection.clientEndOfStream();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        connection.clientInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        connection.clientError(cause);
    }
}
