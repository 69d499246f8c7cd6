package io.jtunnel.relay;

import io.jtunnel.config.Timeouts;
import io.jtunnel.tls.Tls12CloseNotifyInterceptor;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SslHandler;
import java.util.function.Supplier;

/**
 * Builds an accepted connection's pipeline: plain-HTTP detector - [close_notify interceptor] - TLS - client relay.
 * The service is read once per connection, so a reload changes new connections only.
 */
public final class ServiceChannelInitializer extends ChannelInitializer<Channel> {
    private final Supplier<RelayService> current;

    public ServiceChannelInitializer(Supplier<RelayService> current) {
        this.current = current;
    }

    @Override
    protected void initChannel(Channel channel) {
        RelayService service = current.get();
        long busy = Timeouts.millis(service.config().timeouts().busySeconds());
        // Netty reads 0 as "no limit"; stunnel's 0 means "do not wait"
        SslHandler tls = service.tls().newServerHandler(channel.alloc(), busy < 0 ? 0 : Math.max(1, busy));
        ChannelPipeline pipeline = channel.pipeline();
        pipeline.addLast(PipelineNames.PLAIN_HTTP_DETECTOR, new PlainHttpDetector());
        if (!service.tls().engine().keepsOutboundAfterCloseNotify()) {
            pipeline.addLast(PipelineNames.CLOSE_NOTIFY_INTERCEPTOR, new Tls12CloseNotifyInterceptor(tls));
        }
        pipeline.addLast(PipelineNames.TLS, tls);
        pipeline.addLast(PipelineNames.CLIENT_RELAY, new ClientSideHandler(service, tls));
    }
}
