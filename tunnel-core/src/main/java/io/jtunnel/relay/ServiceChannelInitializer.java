package io.jtunnel.relay;

import io.jtunnel.config.Timeouts;
import io.jtunnel.tls.Tls12CloseNotifyInterceptor;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SslHandler;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * Builds an accepted connection's pipeline. Server mode: plain-HTTP detector - [close_notify interceptor] -
 * [end-of-stream deferrer, with OCSP] - TLS - TLS relay; with SNI virtual services the SNI selector stands where the
 * interceptor, deferrer and TLS go, and puts them there for the service the client's server name selects; with
 * {@code protocol = connect}: HTTP CONNECT - TLS relay, the TLS handlers put between them once the request is
 * answered. Client mode: plain relay (the TLS side is the upstream). The service is read once per connection, so a
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
        ChannelPipeline pipeline = channel.pipeline();
        if (!service.virtualServices().isEmpty()) {
            pipeline.addLast(PipelineNames.PLAIN_HTTP_DETECTOR, new PlainHttpDetector());
            TlsSideHandler side = new TlsSideHandler(service, null);
            pipeline.addLast(PipelineNames.SNI, new VirtualServiceSelector(side, busyMillis(service)));
            pipeline.addLast(PipelineNames.TLS_RELAY, side);
            return;
        }
        SslHandler tls = service.tls().newServerHandler(channel.alloc(), busyMillis(service));
        if (service.config().httpConnect().isPresent()) {
            // the CONNECT request comes before TLS: the TLS handlers go in once it is answered
            java.util.concurrent.atomic.AtomicBoolean installed = new java.util.concurrent.atomic.AtomicBoolean();
            pipeline.addLast(PipelineNames.HTTP_CONNECT, new HttpConnectServerHandler(
                Timeouts.millis(service.config().timeouts().busySeconds()), () -> {
                    installed.set(true);
                    addTlsAfter(pipeline, PipelineNames.HTTP_CONNECT, service, tls);
                }));
            pipeline.addLast(PipelineNames.TLS_RELAY, new TlsSideHandler(service, tls));
            // an SslHandler frees its engine when it leaves a pipeline; one that never joined is freed here
            channel.closeFuture().addListener(f -> {
                if (!installed.get()) {
                    io.netty.util.ReferenceCountUtil.release(tls.engine());
                }
            });
            return;
        }
        pipeline.addLast(PipelineNames.PLAIN_HTTP_DETECTOR, new PlainHttpDetector());
        addTls(pipeline, service, tls);
        pipeline.addLast(PipelineNames.TLS_RELAY, new TlsSideHandler(service, tls));
    }

    /** The SslHandler, behind the TLS 1.2 close_notify interceptor where the engine needs it. */
    static void addTls(ChannelPipeline pipeline, RelayService service, SslHandler tls) {
        addTlsHandlers(service, tls, pipeline::addLast);
    }

    /** The same, inserted after the handler named {@code after} (for TLS that starts after a negotiation). */
    static void addTlsAfter(ChannelPipeline pipeline, String after, RelayService service, SslHandler tls) {
        String[] previous = {after};
        addTlsHandlers(service, tls, (name, handler) -> {
            pipeline.addAfter(previous[0], name, handler);
            previous[0] = name;
        });
    }

    /** The TLS handlers of a service's connection, in pipeline order: the one place that lists them. */
    private static void addTlsHandlers(RelayService service, SslHandler tls,
                                       BiConsumer<String, ChannelHandler> add) {
        if (!service.tls().engine().keepsOutboundAfterCloseNotify()) {
            add.accept(PipelineNames.CLOSE_NOTIFY_INTERCEPTOR, new Tls12CloseNotifyInterceptor(tls));
        }
        if (service.tls().verificationTasks() != null) {
            add.accept(PipelineNames.END_OF_STREAM_DEFERRER, new EndOfStreamDeferrer(tls));
        }
        add.accept(PipelineNames.TLS, tls);
    }

    /** TIMEOUTbusy bounds the handshake. */
    static long busyMillis(RelayService service) {
        return Timeouts.nettyMillis(service.config().timeouts().busySeconds());
    }
}
