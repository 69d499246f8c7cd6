package io.jtunnel.relay;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A plain TCP server standing in for the ICAP appliance; each connection is served by the given behaviour. */
final class TestUpstream implements AutoCloseable {
    interface Behaviour {
        void serve(Socket socket) throws Exception;
    }

    private final ServerSocket server;
    private final AtomicInteger connections = new AtomicInteger();
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    TestUpstream(Behaviour behaviour) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    connections.incrementAndGet();
                    Thread worker = new Thread(() -> {
                        try (socket) {
                            behaviour.serve(socket);
                        } catch (Exception | AssertionError e) {
                            failures.add(e);
                        }
                    }, "upstream-worker");
                    worker.setDaemon(true);
                    worker.start();
                } catch (IOException closed) {
                    return;
                }
            }
        }, "upstream-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Echoes everything back and closes when the client's FIN arrives. */
    static TestUpstream echo() throws IOException {
        return new TestUpstream(socket -> {
            socket.getInputStream().transferTo(socket.getOutputStream());
            socket.shutdownOutput();
        });
    }

    /** Answers every chunk it reads with its own name, so a test sees which upstream a connection reached. */
    static TestUpstream naming(String name) throws IOException {
        return new TestUpstream(socket -> {
            java.io.InputStream in = socket.getInputStream();
            byte[] buffer = new byte[1024];
            while (in.read(buffer) > 0) {
                socket.getOutputStream().write(name.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            }
            socket.shutdownOutput();
        });
    }

    int port() {
        return server.getLocalPort();
    }

    int connections() {
        return connections.get();
    }

    List<Throwable> failures() {
        return failures;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
