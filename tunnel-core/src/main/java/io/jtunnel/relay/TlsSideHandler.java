package io.jtunnel.relay;

import io.jtunnel.tls.Tls12CloseNotifyInterceptor;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.ssl.SslCloseCompletionEvent;
import io.netty.handler.ssl.SniCompletionEvent;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;

/**
 * The TLS side of one connection, after its SslHandler: the accepted socket in server mode, the upstream in client
 * mode. It hands every event to the {@link Connection}; in server mode it also creates it. With SNI virtual services
 * the SslHandler comes later, from {@link VirtualServiceSelector}, for the service the server name selected.
 */
final class TlsSideHandler extends ChannelInboundHandlerAdapter {
    // both change once, on the event loop, when a virtual service is selected
    private RelayService service;
    private SslHandler tls;
    private Connection connection;

    /** Server mode: the connection starts when the accepted socket becomes active; {@code tls} null until SNI. */
    TlsSideHandler(RelayService service, SslHandler tls) {
        this.service = service;
        this.tls = tls;
    }

    /** Client mode: the connection exists already; this is its outgoing TLS socket. */
    TlsSideHandler(RelayService service, SslHandler tls, Connection connection) {
        this(service, tls);
        this.connection = connection;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (connection == null) {
            connection = new Connection(service, ctx.channel());
            connection.accepted(tls);
        }
        ctx.fireChannelActive();
    }

    /** The client's server name (null: none) selects the service; see {@link Connection#selectService}. */
    RelayService serverName(String name) {
        service = connection.selectService(name);
        return service;
    }

    RelayService service() {
        return service;
    }

    /** The selected service's TLS handler is in the pipeline now. */
    void tlsSelected(SslHandler handler) {
        tls = handler;
        connection.tlsSelected(handler);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        connection.fromTls((ByteBuf) msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        connection.tlsReadComplete();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof SslHandshakeCompletionEvent handshake) {
            if (handshake.isSuccess()) {
                connection.tlsHandshakeSucceeded();
            } else {
                connection.tlsHandshakeFailed(handshake.cause());
            }
        } else if (evt instanceof SslCloseCompletionEvent closed) {
            // also fired for our own closeOutbound() and on channel close: only a real close_notify counts
            if (closed.isSuccess() && service.tls().engine().peerSentCloseNotify(tls.engine())) {
                connection.tlsCloseNotify();
            }
        } else if (evt == Tls12CloseNotifyInterceptor.PeerClosedEvent.INSTANCE) {
            connection.tlsCloseNotify();
        } else if (evt instanceof SniCompletionEvent sni && sni.cause() instanceof SslHandshakeTimeoutException) {
            connection.tlsHandshakeFailed(sni.cause()); // no ClientHello within TIMEOUTbusy
        } else if (evt instanceof ChannelInputShutdownEvent) {
            connection.tlsEndOfStream();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (connection != null) {
            connection.tlsInactive();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (connection != null) {
            connection.tlsError(cause);
        }
    }
}
