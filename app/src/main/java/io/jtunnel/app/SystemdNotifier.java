package io.jtunnel.app;

import io.netty.channel.ChannelFuture;
import io.netty.channel.unix.DomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * sd_notify(3) written out: newline-separated {@code KEY=VALUE} datagrams to the Unix socket named by
 * {@code NOTIFY_SOCKET} (a path, or {@code @name} in the abstract namespace). Each message is sent before the call
 * returns, so systemd hears "ready" only once the ports really are bound.
 */
final class SystemdNotifier implements ServiceNotifier {
    private final DomainSocketAddress address;
    private final UnixDatagramSocket socket;
    private final Consumer<String> warn;

    private SystemdNotifier(DomainSocketAddress address, UnixDatagramSocket socket, Consumer<String> warn) {
        this.address = address;
        this.socket = socket;
        this.warn = warn;
    }

    static SystemdNotifier open(String notifySocket, Consumer<String> warn) throws Exception {
        if (!notifySocket.startsWith("/") && !notifySocket.startsWith("@")) {
            throw new IllegalArgumentException("not an absolute path or @abstract name");
        }
        // the kernel's abstract namespace starts with a NUL byte where systemd writes '@'
        String path = notifySocket.startsWith("@") ? "\0" + notifySocket.substring(1) : notifySocket;
        return new SystemdNotifier(new DomainSocketAddress(path), UnixDatagramSocket.open(), warn);
    }

    @Override
    public void ready(String status) {
        send("READY=1\nSTATUS=" + oneLine(status));
    }

    @Override
    public void reloading() {
        // MONOTONIC_USEC lets systemd 253+ tie the reload to its request; System.nanoTime is CLOCK_MONOTONIC on Linux
        send("RELOADING=1\nSTATUS=Reloading the configuration\nMONOTONIC_USEC="
            + TimeUnit.NANOSECONDS.toMicros(System.nanoTime()));
    }

    @Override
    public void stopping(String status) {
        send("STOPPING=1\nSTATUS=" + oneLine(status));
    }

    private void send(String message) {
        ChannelFuture sent = socket.send(address, message.getBytes(StandardCharsets.UTF_8));
        if (!sent.awaitUninterruptibly(2, TimeUnit.SECONDS) || !sent.isSuccess()) {
            warn.accept("Cannot notify systemd: " + (sent.cause() != null ? sent.cause().getMessage() : "timed out"));
        }
    }

    private static String oneLine(String text) {
        return text.replace('\n', ' ');
    }

    @Override
    public void close() {
        socket.close();
    }
}
