package io.jtunnel.config;

import java.nio.file.Path;
import java.util.List;

/** A parsed and validated stunnel.conf: the file it came from, its global options and its services in file order. */
public record TunnelConfig(Path file, GlobalOptions global, List<ServiceConfig> services) {
    public TunnelConfig {
        services = List.copyOf(services);
    }
}
