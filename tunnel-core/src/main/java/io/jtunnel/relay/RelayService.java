package io.jtunnel.relay;

import io.jtunnel.config.ServiceConfig;
import io.jtunnel.config.SniVirtualService;
import io.jtunnel.log.TunnelLogger;
import io.jtunnel.tls.ServiceTls;
import io.netty.channel.group.ChannelGroup;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What every connection of one service shares, fixed when the service starts: its configuration, TLS context, logger,
 * transport, the process-wide connection counter (stunnel's sequential ids), the group of its open channels, and
 * whether the tunnel is stopping (then connections end silently, as stunnel's do after {@code Terminated}), and the
 * template of its upstream sockets (never changed after the start; connections clone it), and its SNI virtual
 * services in file order (empty for most services: then no SNI handler is put in front of TLS).
 */
public record RelayService(ServiceConfig config, ServiceTls tls, TunnelLogger log, Transport transport,
                           AtomicLong connectionIds, ChannelGroup channels, AtomicBoolean stopping,
                           AtomicInteger roundRobin, io.netty.bootstrap.Bootstrap upstreamBootstrap,
                           List<Virtual> virtualServices) {

    /** A virtual service of this one and the server-name pattern that selects it. */
    public record Virtual(SniVirtualService sni, RelayService service) {
    }

    public RelayService {
        virtualServices = List.copyOf(virtualServices);
    }

    /** A service as it starts (or reloads): {@code failover = rr} begins at a random address, as stunnel's does. */
    public RelayService(ServiceConfig config, ServiceTls tls, TunnelLogger log, Transport transport,
                        AtomicLong connectionIds, ChannelGroup channels, AtomicBoolean stopping) {
        this(config, tls, log, transport, connectionIds, channels, stopping, List.of());
    }

    /** A service with SNI virtual services, checked in the given order. */
    public RelayService(ServiceConfig config, ServiceTls tls, TunnelLogger log, Transport transport,
                        AtomicLong connectionIds, ChannelGroup channels, AtomicBoolean stopping,
                        List<Virtual> virtualServices) {
        this(config, tls, log, transport, connectionIds, channels, stopping,
            new AtomicInteger(java.util.concurrent.ThreadLocalRandom.current().nextInt(1 << 16)),
            UpstreamConnector.template(config, transport), virtualServices);
    }

    public String name() {
        return config.name();
    }
}
