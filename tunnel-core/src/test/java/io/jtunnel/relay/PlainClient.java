package io.jtunnel.relay;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A plain TCP client of a client-mode tunnel: one request, then everything the tunnel sends back. */
final class PlainClient {
    private PlainClient() {
    }

    /** Sends {@code request}, half-closes, and returns everything until the end of the stream (or a reset). */
    static String exchange(int port, String request) throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.shutdownOutput();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            try {
                in.transferTo(all);
            } catch (java.net.SocketException reset) {
                // what arrived before the reset is the answer
            }
            return all.toString(StandardCharsets.US_ASCII);
        }
    }
}
