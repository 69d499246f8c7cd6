package io.jtunnel.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A plain upstream in the test JVM that records whether anyone connected and how many bytes arrived: the stand-in
 * for the ICAP appliance where a test proves that a rejected client never reached it. It answers nothing, or, made
 * by {@link #echoing()}, sends every byte back and closes after the client's FIN.
 */
final class RecordingUpstream implements AutoCloseable {
    private final ServerSocket server;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicLong bytes = new AtomicLong();
    private final boolean echo;

    RecordingUpstream() throws IOException {
        this(false);
    }

    /** An upstream that sends every byte back. */
    static RecordingUpstream echoing() throws IOException {
        return new RecordingUpstream(true);
    }

    private RecordingUpstream(boolean echo) throws IOException {
        this.echo = echo;
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "recording-upstream-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    int connections() {
        return connections.get();
    }

    long bytes() {
        return bytes.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                connections.incrementAndGet();
                Thread reader = new Thread(() -> drain(socket), "recording-upstream-reader");
                reader.setDaemon(true);
                reader.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void drain(Socket socket) {
        try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                bytes.addAndGet(n);
                if (echo) {
                    out.write(buffer, 0, n);
                }
            }
            if (echo) {
                socket.shutdownOutput();
            }
        } catch (IOException ignored) {
            // a reset connection: what arrived is counted already
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
