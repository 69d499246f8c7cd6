package io.jtunnel.relay;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.AbstractSniHandler;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;

/**
 * In front of TLS for a service with SNI virtual services (stunnel's servername callback): reads the ClientHello,
 * lets the connection select the service its server name asks for, then puts that service's TLS handler in its own
 * place, so the whole handshake runs with the selected certificate, CA and verification. Bytes that are no
 * ClientHello (plain HTTP, say) go to the primary's TLS handler unjudged, which fails them as without virtual
 * services. A client that sends no ClientHello within the primary's TIMEOUTbusy is cut off as a stalled handshake is.
 */
final class VirtualServiceSelector extends AbstractSniHandler<String> {
    private final TlsSideHandler side;
    private boolean clientHello;

    VirtualServiceSelector(TlsSideHandler side, long helloTimeoutMillis) {
        super(helloTimeoutMillis);
        this.side = side;
    }

    @Override
    protected Future<String> lookup(ChannelHandlerContext ctx, ByteBuf hello) throws Exception {
        clientHello = hello != null; // null: the first record is not a ClientHello
        return super.lookup(ctx, hello);
    }

    @Override
    protected Future<String> lookup(ChannelHandlerContext ctx, String hostname) {
        return ctx.executor().newSucceededFuture(hostname);
    }

    @Override
    protected void onLookupComplete(ChannelHandlerContext ctx, String hostname, Future<String> future) {
        // OpenSSL calls stunnel's callback only for a ClientHello it parsed
        RelayService selected = clientHello ? side.serverName(hostname) : side.service();
        SslHandler tls = selected.tls().newServerHandler(ctx.alloc(), ServiceChannelInitializer.busyMillis(selected));
        ServiceChannelInitializer.addTlsAfter(ctx.pipeline(), ctx.name(), selected, tls);
        side.tlsSelected(tls);
        // the bytes read so far (the ClientHello) go on to the new TLS handler as this one leaves
        ctx.pipeline().remove(this);
    }
}
