package io.jtunnel.config;

import io.jtunnel.log.LogLevel;
import io.jtunnel.log.LogSink;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * {@code protocol = connect}. Client mode: the {@code connect} address is an HTTP proxy, asked with
 * {@code CONNECT protocolHost} (basic credentials and {@code protocolHeader} lines included) before TLS starts.
 * Server mode: the service reads a plain {@code CONNECT host:port} request before TLS and connects there.
 */
public record HttpConnect(boolean client, Optional<String> host, Optional<String> username,
                          Optional<String> password, List<String> headers) {
    public HttpConnect {
        headers = List.copyOf(headers);
    }

    /** Server mode: the target comes from each client's request. */
    static HttpConnect server() {
        return new HttpConnect(false, Optional.empty(), Optional.empty(), Optional.empty(), List.of());
    }

    /**
     * The value of {@code Proxy-Authorization}: {@code basic BASE64(user:password)}, as stunnel writes it, when both
     * {@code protocolUsername} and {@code protocolPassword} are set (stunnel sends nothing otherwise).
     */
    public Optional<String> authorization() {
        if (username.isEmpty() || password.isEmpty()) {
            return Optional.empty();
        }
        byte[] credentials = (username.get() + ":" + password.get()).getBytes(StandardCharsets.UTF_8);
        return Optional.of("basic " + Base64.getEncoder().encodeToString(credentials));
    }

    /**
     * {@code protocolAuthentication}: stunnel sends NTLM for {@code ntlm} and basic credentials for any other value;
     * jtunnel refuses {@code ntlm} (see {@link Option#PROTOCOL_DOMAIN}) and notes a value that only means basic.
     */
    static String authentication(String raw, LogSink log) throws OptionValueException {
        if (raw.equalsIgnoreCase("ntlm")) {
            throw new OptionValueException("NTLM authentication is not supported by jtunnel: NTLMv1 (DES and MD4) is"
                + " deprecated and insecure; use protocolAuthentication = basic");
        }
        if (!raw.equalsIgnoreCase("basic")) {
            log.log(LogLevel.NOTICE, "protocolAuthentication = " + raw + ": any value but ntlm means basic"
                + " authentication, as in stunnel");
        }
        return raw;
    }

    /** The client's default SNI name from {@code protocolHost}: its host part; a bare port means localhost. */
    static Optional<String> sniOf(String protocolHost) {
        int colon = protocolHost.lastIndexOf(':');
        String host = colon < 0 ? "localhost" : protocolHost.substring(0, colon);
        return host.isEmpty() ? Optional.empty() : Optional.of(host);
    }

    /**
     * Resolves a server-mode request's {@code host:port} as stunnel's name2addrlist() does (a bare port means
     * loopback), logging lookup failures in stunnel's words. It blocks: call it off the event loop.
     */
    public static ConnectTarget resolveRequested(String spec, LogSink log) throws OptionValueException {
        return new AddressResolver(log).connectNow(spec);
    }

    /** Never shows the password. */
    @Override
    public String toString() {
        return "HttpConnect[client=" + client + ", host=" + host.orElse("") + ", username=" + username.orElse("")
            + ", password=" + (password.isPresent() ? "(set)" : "") + ", headers=" + headers + "]";
    }
}
