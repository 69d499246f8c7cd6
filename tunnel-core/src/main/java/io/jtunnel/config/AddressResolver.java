package io.jtunnel.config;

import io.jtunnel.log.LogLevel;
import io.jtunnel.log.LogSink;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads {@code [HOST:]PORT} as stunnel does: split at the last colon (so {@code :::11344} is host {@code ::}),
 * a port number or a service name from /etc/services. A bare port means every address for {@code accept}
 * (IPv4 then IPv6, as getaddrinfo's passive lookup) and loopback for {@code connect}.
 */
final class AddressResolver {
    private static final Path SERVICES = Path.of("/etc/services");
    /** stunnel's text for getaddrinfo's EAI_NONAME. */
    private static final String NOT_KNOWN = "Neither nodename nor servname known (EAI_NONAME)";
    private final LogSink log;

    AddressResolver(LogSink log) {
        this.log = log;
    }

    List<ListenAddress> listen(String spec) throws OptionValueException {
        HostPort hp = split(spec);
        int port = port(hp.port());
        List<ListenAddress> result = new ArrayList<>();
        if (hp.host() == null) {
            result.add(new ListenAddress(spec, new InetSocketAddress(anyAddress("0.0.0.0"), port)));
            result.add(new ListenAddress(spec, new InetSocketAddress(anyAddress("::"), port)));
            return result;
        }
        for (InetAddress address : resolve(hp.host())) {
            result.add(new ListenAddress(spec, new InetSocketAddress(address, port)));
        }
        return result;
    }

    /** The {@code local} source address, resolved when the line is read, as stunnel does. */
    InetAddress local(String host) throws OptionValueException {
        try {
            return resolve(host).get(0);
        } catch (OptionValueException e) {
            throw new OptionValueException("Failed to resolve local address");
        }
    }

    /**
     * Resolves a {@code connect} value now; a host that does not resolve yields an empty list (delayed lookup), as
     * does {@code delay = yes} for every host name.
     */
    ConnectTarget connect(String spec, boolean delay) throws OptionValueException {
        HostPort hp = split(spec);
        int port = port(hp.port());
        if (hp.host() == null) {
            return new ConnectTarget(spec, "localhost", port, List.of(
                new InetSocketAddress(anyAddress("127.0.0.1"), port),
                new InetSocketAddress(anyAddress("::1"), port)));
        }
        if (delay) {
            return new ConnectTarget(spec, hp.host(), port, List.of());
        }
        try {
            List<InetSocketAddress> resolved = new ArrayList<>();
            for (InetAddress address : resolve(hp.host())) {
                resolved.add(new InetSocketAddress(address, port));
            }
            return new ConnectTarget(spec, hp.host(), port, resolved);
        } catch (OptionValueException e) {
            log.log(LogLevel.INFO, "Cannot resolve connect target - delaying DNS lookup");
            return new ConnectTarget(spec, hp.host(), port, List.of());
        }
    }

    /**
     * A {@code protocol = connect} server's request target, resolved now: a name that does not resolve is an error
     * (stunnel answers 404), never a delayed lookup.
     */
    ConnectTarget connectNow(String spec) throws OptionValueException {
        HostPort hp = split(spec);
        int port = port(hp.port());
        if (hp.host() == null) {
            return connect(spec, false);
        }
        List<InetSocketAddress> resolved = new ArrayList<>();
        for (InetAddress address : resolve(hp.host())) {
            resolved.add(new InetSocketAddress(address, port));
        }
        return new ConnectTarget(spec, hp.host(), port, resolved);
    }

    private record HostPort(String host, String port) {
    }

    private static HostPort split(String spec) {
        int colon = spec.lastIndexOf(':');
        if (colon < 0) {
            return new HostPort(null, spec);
        }
        return new HostPort(spec.substring(0, colon), spec.substring(colon + 1));
    }

    private int port(String text) throws OptionValueException {
        if (text.isEmpty()) {
            return 0; // stunnel binds an ephemeral port for an empty value
        }
        if (text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            try {
                int port = Integer.parseInt(text);
                if (port <= 65535) {
                    return port;
                }
            } catch (NumberFormatException ignored) {
                // too many digits: reported below like any unknown service
            }
        }
        Optional<Integer> service = serviceByName(text);
        if (service.isPresent()) {
            return service.get();
        }
        log.log(LogLevel.ERR, "Unknown TCP service \"" + text + "\"");
        throw new OptionValueException("unknown port");
    }

    private List<InetAddress> resolve(String host) throws OptionValueException {
        if (host.isEmpty()) {
            log.log(LogLevel.ERR, "Error resolving \"\": " + NOT_KNOWN);
            throw new OptionValueException("empty host");
        }
        try {
            return List.of(InetAddress.getAllByName(host));
        } catch (UnknownHostException e) {
            log.log(LogLevel.ERR, "Error resolving \"" + host + "\": " + NOT_KNOWN);
            throw new OptionValueException("unresolved host");
        }
    }

    private static InetAddress anyAddress(String literal) {
        try {
            return InetAddress.getByName(literal); // a literal: no lookup happens
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The TCP port /etc/services gives a name or alias, as getservbyname() would. */
    private static Optional<Integer> serviceByName(String name) {
        if (!Files.isReadable(SERVICES)) {
            return Optional.empty();
        }
        try {
            for (String line : Files.readAllLines(SERVICES, StandardCharsets.ISO_8859_1)) {
                int hash = line.indexOf('#');
                String[] f = (hash >= 0 ? line.substring(0, hash) : line).trim().split("\\s+");
                if (f.length < 2 || !f[1].endsWith("/tcp")) {
                    continue;
                }
                for (int i = 0; i < f.length; i++) {
                    if (i != 1 && f[i].equals(name)) {
                        return Optional.of(Integer.parseInt(f[1].substring(0, f[1].indexOf('/'))));
                    }
                }
            }
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
