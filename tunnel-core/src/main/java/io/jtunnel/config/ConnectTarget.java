package io.jtunnel.config;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * One {@code connect} line: the host and port as written, and the addresses they resolved to at start-up. An empty
 * {@code resolved} list means the name did not resolve then and is looked up per connection (stunnel's delayed lookup).
 */
public record ConnectTarget(String spec, String host, int port, List<InetSocketAddress> resolved) {
    public ConnectTarget {
        resolved = List.copyOf(resolved);
    }

    public boolean delayedLookup() {
        return resolved.isEmpty();
    }
}
