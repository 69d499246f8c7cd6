package io.jtunnel.config;

import java.net.InetAddress;
import java.util.Optional;

/**
 * How a service opens and ends its connections: {@code failover} order, {@code local} source address, {@code reset}
 * (TCP RST instead of FIN on errors) and {@code logId}.
 */
public record ConnectPolicy(Failover failover, Optional<InetAddress> local, boolean reset, LogIdType logId) {
}
