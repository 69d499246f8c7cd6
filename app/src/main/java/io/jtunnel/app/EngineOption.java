package io.jtunnel.app;

import io.jtunnel.tls.TlsEngines;
import picocli.CommandLine.Option;

/** Choosing the TLS engine by hand: a command-line option, since stunnel.conf's own {@code engine} means OpenSSL engines. */
final class EngineOption {
    @Option(names = "--tls-engine", paramLabel = "ENGINE", defaultValue = TlsEngines.AUTO,
        description = "TLS engine: auto (native BoringSSL when it loads, else the JDK's), openssl, conscrypt or jdk"
            + " (default: ${DEFAULT-VALUE})")
    String engine;
}
