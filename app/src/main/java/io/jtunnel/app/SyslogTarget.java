package io.jtunnel.app;

import io.netty.channel.unix.DomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The local syslog socket that syslog(3) writes to ({@code /dev/log}, a Unix datagram socket). Java has no Unix
 * datagram sockets, so Netty's native epoll transport sends them; where it is not available (Windows, macOS) or no
 * syslog daemon listens, syslog is unavailable and jtunnel says so at start-up.
 */
final class SyslogTarget implements AutoCloseable {
    private final DomainSocketAddress address;
    private final UnixDatagramSocket socket;
    private final String unavailableReason;

    private SyslogTarget(DomainSocketAddress address, UnixDatagramSocket socket, String reason) {
        this.address = address;
        this.socket = socket;
        this.unavailableReason = reason;
    }

    static SyslogTarget open(Path path) {
        if (!Files.exists(path)) {
            return unavailable(path + " does not exist (no syslog daemon?)");
        }
        try {
            return new SyslogTarget(new DomainSocketAddress(path.toString()), UnixDatagramSocket.open(), null);
        } catch (UnsupportedOperationException e) {
            return unavailable(e.getMessage());
        } catch (Exception e) {
            return unavailable(path + ": " + e.getMessage());
        }
    }

    static SyslogTarget unavailable(String reason) {
        return new SyslogTarget(null, null, reason);
    }

    boolean available() {
        return socket != null;
    }

    String unavailableReason() {
        return unavailableReason;
    }

    /** Sends one complete syslog message (already formatted); losses are silent, as with syslog(3). */
    void send(String message) {
        if (socket != null) {
            socket.send(address, message.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Override
    public void close() {
        if (socket != null) {
            socket.close();
        }
    }
}
