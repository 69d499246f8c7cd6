package io.jtunnel.runtime;

import io.jtunnel.config.ListenAddress;
import io.jtunnel.config.SniVirtualService;
import io.jtunnel.log.LogLevel;
import io.jtunnel.log.LogSink;
import io.jtunnel.log.TunnelLogger;
import io.jtunnel.relay.Addresses;
import io.jtunnel.relay.ExecConnectService;
import io.jtunnel.relay.RelayService;
import io.jtunnel.relay.ServiceChannelInitializer;
import io.jtunnel.relay.SocketOptions;
import io.jtunnel.relay.Transport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.unix.UnixChannel;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The running tunnel: one event loop per core shared by all services, a listener per {@code accept} address, and
 * every open connection tracked so that {@link #close()} ends them all. {@link #apply} both starts and reloads:
 * listeners whose address stays keep their socket and serve new connections with the new settings, so a reload
 * refuses no connection; open connections keep the settings they started with. An SNI virtual service has no
 * listener: its primary's listener serves it.
 */
public final class TunnelServer implements AutoCloseable {
    private final Transport transport;
    private final EventLoopGroup loops;
    private final ChannelGroup channels = new DefaultChannelGroup("jtunnel", GlobalEventExecutor.INSTANCE);
    private final AtomicLong connectionIds = new AtomicLong();
    private final AtomicBoolean stopping = new AtomicBoolean();
    // touched only by apply() and close(), which the caller runs one at a time
    private Map<InetSocketAddress, Listener> listeners = new LinkedHashMap<>();
    private Map<String, List<InetSocketAddress>> bound = new LinkedHashMap<>();
    private List<ExecConnectService> execConnect = List.of();

    /** A listening socket and the service its new connections get; the reference is what a reload swaps. */
    private record Listener(Channel channel, AtomicReference<RelayService> service) {
    }

    public TunnelServer(Transport transport, int threads) {
        this.transport = transport;
        this.loops = transport.newEventLoops(threads);
    }

    /**
     * Makes the listeners match {@code services}: binds new addresses, switches kept ones to their new service, and
     * closes the others. An address that cannot be bound is logged and skipped, as stunnel does; when a service ends
     * up with none, nothing is changed (listeners bound by this call are closed) and the call fails.
     */
    public void apply(List<PreparedService> services, LogSink log) throws StartupException {
        Map<InetSocketAddress, RelayService> wanted = new LinkedHashMap<>();
        Map<String, List<InetSocketAddress>> newBound = new LinkedHashMap<>();
        Map<InetSocketAddress, Listener> added = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        List<ExecConnectService> newExecConnect = new ArrayList<>();
        List<RelayService> relays = relayServices(services);
        for (int i = 0; i < services.size(); i++) {
            PreparedService prepared = services.get(i);
            String name = prepared.config().name();
            RelayService service = relays.get(i);
            List<String> unavailable = SocketOptions.unavailable(prepared.config().policy().socketOptions(), transport);
            if (!unavailable.isEmpty()) {
                failures.add("Service [" + name + "]: socket option(s) " + String.join(", ", unavailable)
                    + " cannot be set with the " + transport.name() + " transport (start with"
                    + " -Djtunnel.transport=epoll, or remove them)");
                continue;
            }
            if (prepared.config().isVirtual()) {
                continue; // served through its primary's listener
            }
            if (prepared.config().execConnect()) {
                newExecConnect.add(new ExecConnectService(service, loops)); // no listener: started below
                newBound.put(name, List.of());
                continue;
            }
            List<InetSocketAddress> addresses = new ArrayList<>();
            log.log(LogLevel.DEBUG, "Binding service [" + name + "]");
            for (ListenAddress listen : prepared.config().accept()) {
                InetSocketAddress address = listen.address();
                if (wanted.putIfAbsent(address, service) != null) {
                    log.log(LogLevel.NOTICE, "Binding service [" + name + "] to " + Addresses.format(address)
                        + ": Address already in use (98)");
                    continue;
                }
                Listener existing = listeners.get(address);
                if (existing != null) {
                    addresses.add((InetSocketAddress) existing.channel().localAddress());
                    continue;
                }
                Listener listener = bind(service, address, log);
                if (listener != null) {
                    added.put(address, listener);
                    addresses.add((InetSocketAddress) listener.channel().localAddress());
                }
            }
            if (addresses.isEmpty()) {
                failures.add("Binding service [" + name + "] failed");
            }
            newBound.put(name, List.copyOf(addresses));
        }
        if (!failures.isEmpty()) {
            added.values().forEach(listener -> listener.channel().close().awaitUninterruptibly());
            throw new StartupException(failures);
        }
        Map<InetSocketAddress, Listener> kept = new LinkedHashMap<>();
        listeners.forEach((address, listener) -> {
            RelayService service = wanted.get(address);
            if (service == null) {
                listener.channel().close().awaitUninterruptibly(); // its open connections go on
                log.log(LogLevel.INFO, "Service [" + listener.service().get().name() + "] closed "
                    + Addresses.format(listener.channel().localAddress()));
            } else {
                listener.service().set(service);
                kept.put(address, listener);
            }
        });
        kept.putAll(added);
        listeners = kept;
        bound = newBound;
        // as stunnel: a reload stops the old exec+connect sections' retrying (their programs run on) and starts
        // every exec+connect section of the new configuration
        execConnect.forEach(ExecConnectService::stopRetrying);
        execConnect = List.copyOf(newExecConnect);
        execConnect.forEach(runner -> runner.start(log));
    }

    /**
     * The services' relay values, in the same order; each primary carries its SNI virtual services in file order.
     * A virtual service's primary is the first earlier section of that name (as the parser found it); built from
     * the last section back, so every virtual service exists before its primary does.
     */
    private List<RelayService> relayServices(List<PreparedService> services) {
        RelayService[] relays = new RelayService[services.size()];
        List<List<RelayService.Virtual>> virtuals = new ArrayList<>();
        services.forEach(s -> virtuals.add(new ArrayList<>()));
        for (int i = services.size() - 1; i >= 0; i--) {
            PreparedService prepared = services.get(i);
            List<RelayService.Virtual> own = virtuals.get(i);
            java.util.Collections.reverse(own); // collected from the end of the file
            relays[i] = new RelayService(prepared.config(), prepared.tls(), new TunnelLogger(prepared.config().debug()),
                transport, connectionIds, channels, stopping, own);
            if (prepared.config().virtualService().isPresent()) {
                SniVirtualService sni = prepared.config().virtualService().get();
                for (int j = 0; j < i; j++) {
                    if (services.get(j).config().name().equals(sni.primary())) {
                        virtuals.get(j).add(new RelayService.Virtual(sni, relays[i]));
                        break;
                    }
                }
            }
        }
        return List.of(relays);
    }

    private Listener bind(RelayService service, InetSocketAddress address, LogSink log) {
        AtomicReference<RelayService> current = new AtomicReference<>(service);
        ServerBootstrap bootstrap = new ServerBootstrap()
            .group(loops)
            .channel(transport.serverChannel())
            .childOption(ChannelOption.AUTO_READ, false)
            .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
            .childHandler(new ServiceChannelInitializer(current::get));
        // stunnel's defaults (a:SO_REUSEADDR=yes, l:TCP_NODELAY=yes) come first in the list
        SocketOptions.applyToServer(bootstrap, service.config().policy().socketOptions(), transport);
        ChannelFuture future = bootstrap.bind(address).awaitUninterruptibly();
        if (!future.isSuccess()) {
            log.log(LogLevel.NOTICE, "Binding service [" + service.name() + "] to " + Addresses.format(address)
                + ": " + describe(future.cause()));
            return null;
        }
        Channel channel = future.channel();
        String fd = channel instanceof UnixChannel unix ? " (FD=" + unix.fd().intValue() + ")" : "";
        log.log(LogLevel.INFO, "Service [" + service.name() + "]" + fd + " bound to "
            + Addresses.format(channel.localAddress()));
        return new Listener(channel, current);
    }

    private static String describe(Throwable cause) {
        String message = String.valueOf(cause.getMessage());
        if (message.contains("Address already in use")) {
            return "Address already in use (98)";
        }
        if (message.contains("Permission denied")) {
            return "Permission denied (13)";
        }
        if (message.contains("Cannot assign requested address")) {
            return "Cannot assign requested address (99)";
        }
        return message;
    }

    /** The addresses a service listens on (useful when it asked for port 0). */
    public List<InetSocketAddress> boundAddresses(String service) {
        return bound.getOrDefault(service, List.of());
    }

    /** Connections open now, both sides counted. */
    public int openChannels() {
        return channels.size();
    }

    /**
     * Stops accepting and waits until every open connection has ended on its own, for at most {@code limit}, or until
     * {@code cancelled} says to stop waiting. Returns the connections still open; {@link #close()} ends those.
     * Connections that are already relaying also open their upstream side as usual while the drain lasts.
     */
    public int drain(Duration limit, BooleanSupplier cancelled) {
        closeListeners();
        long deadline = System.nanoTime() + limit.toNanos();
        while (!channels.isEmpty() && !cancelled.getAsBoolean()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            // a close future of the channels open now; woken at least every 100 ms to notice a cancel
            channels.newCloseFuture().awaitUninterruptibly(Math.min(TimeUnit.NANOSECONDS.toMillis(left) + 1, 100));
        }
        return openConnections();
    }

    /**
     * Connections open now, counted once each (the accepted side, or an exec+connect program's end; the upstream side
     * is not counted again).
     */
    public int openConnections() {
        return (int) channels.stream()
            .filter(channel -> channel.parent() != null || ExecConnectService.isProgramEnd(channel)).count();
    }

    private void closeListeners() {
        execConnect.forEach(ExecConnectService::stopRetrying);
        for (Listener listener : listeners.values()) {
            listener.channel().close().awaitUninterruptibly();
        }
        listeners = new LinkedHashMap<>();
    }

    /** Stops accepting, ends every open connection without logging it (as stunnel), and stops the event loops. */
    @Override
    public void close() {
        stopping.set(true);
        closeListeners();
        channels.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        loops.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
    }
}
