package io.jtunnel.runtime;

import io.jtunnel.config.ServiceConfig;
import io.jtunnel.config.TunnelConfig;
import io.jtunnel.log.LogLevel;
import io.jtunnel.log.LogSink;
import io.jtunnel.tls.KeyMaterialException;
import io.jtunnel.tls.PassphraseSource;
import io.jtunnel.tls.TlsContextFactory;
import io.jtunnel.tls.ServiceTls;
import io.jtunnel.tls.TlsEngine;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything a start does short of binding ports: each service's keys, certificates and CA files are loaded and
 * checked and its TLS context built, so {@code check} and a start fail the same way on the same input.
 */
public final class ServicePreparer {
    private final TlsEngine engine;
    private final PassphraseSource passphrases;

    public ServicePreparer(TlsEngine engine, PassphraseSource passphrases) {
        this.engine = engine;
        this.passphrases = passphrases;
    }

    /** @param log receives the per-service start-up lines and warnings (stunnel's main-thread log) */
    public List<PreparedService> prepare(TunnelConfig config, LogSink log) throws StartupException {
        List<PreparedService> prepared = new ArrayList<>();
        for (ServiceConfig service : config.services()) {
            log.log(LogLevel.INFO, "Initializing service [" + service.name() + "]");
            ServiceTls tls;
            try {
                tls = new TlsContextFactory(engine, log, passphrases).create(service, log);
            } catch (KeyMaterialException e) {
                throw new StartupException(List.of("Service [" + service.name() + "]: " + e.getMessage(),
                    "Service [" + service.name() + "]: Failed to initialize TLS context"));
            }
            SecurityWarnings.of(service).forEach(w -> log.log(LogLevel.WARNING, w));
            if (tls.leafCertificate() != null) {
                SecurityWarnings.ofCertificate(service, tls.leafCertificate(), Instant.now())
                    .forEach(w -> log.log(LogLevel.WARNING, w));
            }
            prepared.add(new PreparedService(service, tls));
        }
        return prepared;
    }
}
