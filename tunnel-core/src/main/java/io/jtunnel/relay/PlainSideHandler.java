package io.jtunnel.relay;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;

/**
 * The plain side of one connection: the upstream in server mode, the accepted socket in client mode. It hands
 * every event to the {@link Connection}; in client mode it also creates it.
 */
final class PlainSideHandler extends ChannelInboundHandlerAdapter {
    private final RelayService service;
    private Connection connection;

    /** Client mode: the connection starts when the accepted socket becomes active. */
    PlainSideHandler(RelayService service) {
        this.service = service;
    }

    /** Server mode: the connection exists already; this is its upstream socket. */
    PlainSideHandler(Connection connection) {
        this.service = null;
        this.connection = connection;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (connection == null) {
            connection = new Connection(service, ctx.channel());
            connection.accepted(null);
        }
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        connection.fromPlain((ByteBuf) msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        connection.plainReadComplete();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
            connection.plainEndOfStream();
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (connection != null) {
            connection.plainInactive();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (connection != null) {
            connection.plainError(cause);
        }
    }
}
