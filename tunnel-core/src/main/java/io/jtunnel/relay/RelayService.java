package io.jtunnel.relay;

import io.jtunnel.config.ServiceConfig;
import io.jtunnel.log.TunnelLogger;
import io.jtunnel.tls.ServiceTls;
import io.netty.channel.group.ChannelGroup;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What every connection of one service shares, fixed when the service starts: its configuration, TLS context, logger,
 * transport, the process-wide connection counter (stunnel's sequential ids), the group of its open channels, and
 * whether the tunnel is stopping (then connections end silently, as stunnel's do after {@code Terminated}), and the
 * template of its upstream sockets (never changed after the start; connections clone it).
 */
public record RelayService(ServiceConfig config, ServiceTls tls, TunnelLogger log, Transport transport,
                           AtomicLong connectionIds, ChannelGroup channels, AtomicBoolean stopping,
                           AtomicInteger roundRobin, io.netty.bootstrap.Bootstrap upstreamBootstrap) {

    /** A service as it starts (or reloads): {@code failover = rr} begins at a random address, as stunnel's does. */
    public RelayService(ServiceConfig config, ServiceTls tls, TunnelLogger log, Transport transport,
                        AtomicLong connectionIds, ChannelGroup channels, AtomicBoolean stopping) {
        this(config, tls, log, transport, connectionIds, channels, stopping,
            new AtomicInteger(java.util.concurrent.ThreadLocalRandom.current().nextInt(1 << 16)),
            UpstreamConnector.template(config, transport));
    }

    public String name() {
        return config.name();
    }
}
