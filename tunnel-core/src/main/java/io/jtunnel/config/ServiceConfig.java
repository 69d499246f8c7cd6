package io.jtunnel.config;

import io.jtunnel.log.LogLevel;
import java.util.List;
import java.util.Optional;

/**
 * One {@code [section]} after defaults and inheritance: where it listens, where it connects, its TLS material and
 * peer checks, its timeouts and log level. In client mode ({@code client = yes}) it accepts plain TCP and connects
 * with TLS, sending {@code sni}; in server mode the other way round. {@link #values()} holds every option's effective value for reporting.
 * With {@link #exec()} a program takes the place of {@code connect} (accept+exec) or of the accepted socket
 * (exec+connect: no {@code accept}, started at start-up, restarted when {@code retry} is set).
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
    Optional<ExecCommand> exec,
    boolean retry) {

    public ServiceConfig {
        accept = List.copyOf(accept);
        connect = List.copyOf(connect);
        redirect = List.copyOf(redirect);
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
