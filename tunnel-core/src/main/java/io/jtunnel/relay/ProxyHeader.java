package io.jtunnel.relay;

import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * The PROXY protocol v1 line that {@code protocol = proxy} sends to the upstream first, as stunnel's proxy_server():
 * {@code PROXY TCP4 <client ip> <local ip> <client port> <local port>\r\n}.
 */
final class ProxyHeader {
    private ProxyHeader() {
    }

    static String line(SocketAddress client, SocketAddress local) {
        if (!(client instanceof InetSocketAddress from) || !(local instanceof InetSocketAddress to)) {
            return "PROXY UNKNOWN\r\n";
        }
        String family = to.getAddress() instanceof Inet4Address ? "TCP4" : "TCP6";
        return "PROXY " + family + " " + Addresses.host(from.getAddress()) + " " + Addresses.host(to.getAddress())
            + " " + from.getPort() + " " + to.getPort() + "\r\n";
    }
}
