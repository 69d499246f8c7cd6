package io.jtunnel.app;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.util.Random;

/** One plain connection through a tunnel to an echoing {@link RecordingUpstream}: random bytes out, a FIN, what comes back. */
final class PskExchange {
    private PskExchange() {
    }

    static byte[] payload(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    /** Sends {@code payload} from a second thread (the echo comes back meanwhile), half-closes, reads to the end. */
    static byte[] roundTrip(int port, byte[] payload) throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(20_000);
            Thread writer = new Thread(() -> {
                try {
                    socket.getOutputStream().write(payload);
                    socket.shutdownOutput();
                } catch (IOException e) {
                    // the tunnel refused the connection: the reader sees the end
                }
            });
            writer.start();
            ByteArrayOutputStream back = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            try {
                in.transferTo(back);
            } catch (SocketException reset) {
                // a refused handshake may end in a reset: what arrived before it is the answer
            }
            writer.join(20_000);
            return back.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
