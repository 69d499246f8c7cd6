package io.jtunnel.config;

import io.jtunnel.log.LogLevel;
import java.util.List;
import java.util.Optional;

/**
 * One {@code [section]} after defaults and inheritance: where it listens, where it connects, its TLS material and
 * peer checks, its timeouts and log level. In client mode ({@code client = yes}) it accepts plain TCP and connects
 * with TLS, sending {@code sni}; in server mode the other way round. {@link #values()} holds every option's effective value for reporting;
 * {@link #ocsp()} the OCSP checks of the peer's certificates.
 */
public record ServiceConfig(
    String name,
    List<ListenAddress> accept,
    List<ConnectTarget> connect,
    Optional<String> cert,
    Optional<String> key,
    Optional<String> caFile,
    Optional<String> caPath,
    Optional<String> crlFile,
    Optional<String> crlPath,
    PeerVerification verification,
    SubjectChecks subjectChecks,
    TlsProtocols protocols,
    SessionSettings sessions,
    CipherSettings ciphers,
    TlsOptions tlsOptions,
    Timeouts timeouts,
    ConnectPolicy policy,
    boolean client,
    Optional<String> sni,
    List<ConnectTarget> redirect,
    LogLevel debug,
    OptionValues values,
    OcspSettings ocsp) {

    public ServiceConfig {
        accept = List.copyOf(accept);
        connect = List.copyOf(connect);
        redirect = List.copyOf(redirect);
    }

    /** The file the private key is read from: {@code key}, or the {@code cert} file when {@code key} is not set. */
    public Optional<String> keyFile() {
        return key.or(() -> cert);
    }
}
