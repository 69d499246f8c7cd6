package io.jtunnel.relay;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

/** Addresses as stunnel prints them: {@code 127.0.0.1:1344}, {@code :::11344}, {@code ::1:1344}. */
public final class Addresses {
    private Addresses() {
    }

    public static String format(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            String host = inet.getAddress() != null ? inet.getAddress().getHostAddress() : inet.getHostString();
            int scope = host.indexOf('%');
            if (scope >= 0) {
                host = host.substring(0, scope);
            }
            if (host.equals("0:0:0:0:0:0:0:0")) {
                host = "::";
            } else if (host.equals("0:0:0:0:0:0:0:1")) {
                host = "::1";
            }
            return host + ":" + inet.getPort();
        }
        return String.valueOf(address);
    }
}
