package io.jtunnel.runtime;

import io.jtunnel.config.ServiceConfig;
import io.jtunnel.tls.ServiceTls;

/** A service whose TLS material is loaded and checked, ready to bind. */
public record PreparedService(ServiceConfig config, ServiceTls tls) {
}
