package io.jtunnel.packaging;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in ICAP appliance on 127.0.0.1, port 0: reads one request (up to the blank line), records it, answers
 * {@link #RESPONSE} and closes.
 */
final class IcapStub implements AutoCloseable {
    static final String RESPONSE = "ICAP/1.0 200 OK\r\nISTag: \"jtunnel-packaging-test\"\r\n"
        + "Encapsulated: null-body=0\r\n\r\n";

    private final ServerSocket server;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    IcapStub() {
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread acceptor = new Thread(this::acceptLoop, "icap-stub");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** The requests received so far, in order. */
    List<String> requests() {
        return List.copyOf(requests);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread handler = new Thread(() -> answer(socket), "icap-stub-connection");
                handler.setDaemon(true);
                handler.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void answer(Socket socket) {
        try (socket) {
            socket.setSoTimeout(30_000);
            requests.add(readHeader(socket.getInputStream()));
            socket.getOutputStream().write(RESPONSE.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
        } catch (IOException e) {
            requests.add("failed: " + e);
        }
    }

    private static String readHeader(InputStream in) throws IOException {
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            header.write(b);
            if (header.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
                break;
            }
        }
        return header.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
