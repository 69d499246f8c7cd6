package io.jtunnel.config;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * How a service opens and ends its connections: {@code failover} order, {@code local} source address, {@code reset}
 * (TCP RST instead of FIN on errors), {@code logId}, the {@code socket} options (stunnel's defaults included), and
 * whether {@code protocol = proxy} announces the client's address to the upstream with a PROXY v1 line.
 */
public record ConnectPolicy(Failover failover, Optional<InetAddress> local, boolean reset, LogIdType logId,
                            List<SocketOption> socketOptions, boolean proxyHeader) {
    public ConnectPolicy {
        socketOptions = List.copyOf(socketOptions);
    }

    /** The socket options for one kind of socket, in the order they apply. */
    public List<SocketOption> socketOptions(SocketOption.Target target) {
        return socketOptions.stream().filter(o -> o.target() == target).toList();
    }
}
