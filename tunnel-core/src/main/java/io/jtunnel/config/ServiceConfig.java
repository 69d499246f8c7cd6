package io.jtunnel.config;

import io.jtunnel.log.LogLevel;
import java.util.List;
import java.util.Optional;

/**
 * One {@code [section]} after defaults and inheritance: where it listens, where it connects, its TLS material and
 * peer checks, its timeouts and log level. In client mode ({@code client = yes}) it accepts plain TCP and connects
 * with TLS, sending {@code sni}; in server mode the other way round. {@code securityLevel} bounds the strength of
 * keys, signatures, suites and protocols as OpenSSL's levels do. {@link #values()} holds every option's effective value for reporting.
 * A {@link #virtualService()} has no listener: it serves the connections of its primary whose TLS server name matches.
 * {@link #httpConnect()} is set for {@code protocol = connect}.
 * {@code psk} is set with {@code PSKsecrets}.
 * With {@link #exec()} a program takes the place of {@code connect} (accept+exec) or of the accepted socket
 * (exec+connect: no {@code accept}, started at start-up, restarted when {@code retry} is set).
 * {@link #ocsp()} holds the OCSP checks of the peer's certificates.
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
    SecurityLevel securityLevel,
    Optional<SniVirtualService> virtualService,
    Optional<HttpConnect> httpConnect,
    Optional<PskSettings> psk,
    Optional<ExecCommand> exec,
    boolean retry,
    OcspSettings ocsp) {

    public ServiceConfig {
        accept = List.copyOf(accept);
        connect = List.copyOf(connect);
        redirect = List.copyOf(redirect);
    }

    /** True for a virtual service ({@code sni = PRIMARY:PATTERN} in server mode): it has no listener of its own. */
    public boolean isVirtual() {
        return virtualService.isPresent();
    }

    /** exec+connect: no listener; the program is the local end, started at start-up and on each reload. */
    public boolean execConnect() {
        return exec.isPresent() && !connect.isEmpty() && accept.isEmpty();
    }

    /** The file the private key is read from: {@code key}, or the {@code cert} file when {@code key} is not set. */
    public Optional<String> keyFile() {
        return key.or(() -> cert);
    }
}
