package io.jtunnel.relay;

import io.jtunnel.config.Timeouts;
import io.jtunnel.tls.Tls12CloseNotifyInterceptor;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SslHandler;
import java.util.function.Supplier;

/**
 * Builds an accepted connection's pipeline. Server mode: plain-HTTP detector - [close_notify interceptor] -
 * [end-of-stream deferrer, with OCSP] - TLS - TLS relay. Client mode: plain relay (the TLS side is the upstream). The service is read once per connection, so a
 * reload changes new connections only.
 */
public final class ServiceChannelInitializer extends ChannelInitializer<Channel> {
    private final Supplier<RelayService> current;

    public ServiceChannelInitializer(Supplier<RelayService> current) {
        this.current = current;
    }

    @Override
    protected void initChannel(Channel channel) {
        RelayService service = current.get();
        if (service.config().client()) {
            channel.pipeline().addLast(PipelineNames.PLAIN_RELAY, new PlainSideHandler(service));
            return;
        }
        SslHandler tls = service.tls().newServerHandler(channel.alloc(), busyMillis(service));
        ChannelPipeline pipeline = channel.pipeline();
        pipeline.addLast(PipelineNames.PLAIN_HTTP_DETECTOR, new PlainHttpDetector());
        addTls(pipeline, service, tls);
        pipeline.addLast(PipelineNames.TLS_RELAY, new TlsSideHandler(service, tls));
    }

    /** The SslHandler, behind the TLS 1.2 close_notify interceptor where the engine needs it. */
    static void addTls(ChannelPipeline pipeline, RelayService service, SslHandler tls) {
        if (!service.tls().engine().keepsOutboundAfterCloseNotify()) {
            pipeline.addLast(PipelineNames.CLOSE_NOTIFY_INTERCEPTOR, new Tls12CloseNotifyInterceptor(tls));
        }
        if (service.tls().verificationTasks() != null) {
            pipeline.addLast(PipelineNames.END_OF_STREAM_DEFERRER, new EndOfStreamDeferrer(tls));
        }
        pipeline.addLast(PipelineNames.TLS, tls);
    }

    /** TIMEOUTbusy bounds the handshake. */
    static long busyMillis(RelayService service) {
        return Timeouts.nettyMillis(service.config().timeouts().busySeconds());
    }
}
