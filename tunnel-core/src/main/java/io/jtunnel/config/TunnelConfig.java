package io.jtunnel.config;

import java.nio.file.Path;
import java.util.List;

/**
 * A parsed and validated stunnel.conf: the file it came from, its global options and its services in file order.
 * {@code inetd} marks a file without any {@code [section]}: its one service talks over stdin/stdout (inetd mode).
 */
public record TunnelConfig(Path file, GlobalOptions global, List<ServiceConfig> services, boolean inetd) {
    public TunnelConfig {
        services = List.copyOf(services);
    }

    public TunnelConfig(Path file, GlobalOptions global, List<ServiceConfig> services) {
        this(file, global, services, false);
    }
}
