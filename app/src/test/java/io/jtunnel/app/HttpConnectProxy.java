package io.jtunnel.app;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An HTTP CONNECT proxy in the test JVM standing in for the site's squid: it records each request head, answers
 * {@code 407} unless the request carries the expected {@code Proxy-Authorization} value, and otherwise
 * {@code 200 Connection established} and relays bytes both ways (half-close included).
 */
final class HttpConnectProxy implements AutoCloseable {
    private final ServerSocket server;
    private final String expectedAuthorization;
    final List<List<String>> requests = new CopyOnWriteArrayList<>();

    HttpConnectProxy(String expectedAuthorization) throws IOException {
        this.expectedAuthorization = expectedAuthorization;
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    Thread worker = new Thread(() -> serve(socket), "connect-proxy-worker");
                    worker.setDaemon(true);
                    worker.start();
                } catch (IOException closed) {
                    return;
                }
            }
        }, "connect-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    private void serve(Socket client) {
        try (client) {
            List<String> head = readHead(client.getInputStream());
            requests.add(head);
            if (!head.contains("Proxy-Authorization: " + expectedAuthorization)) {
                client.getOutputStream().write(("HTTP/1.1 407 Proxy Authentication Required\r\n"
                    + "Proxy-Authenticate: Basic realm=\"test\"\r\nContent-Length: 0\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
                return;
            }
            String target = head.get(0).split(" ")[1];
            int colon = target.lastIndexOf(':');
            try (Socket upstream = new Socket(target.substring(0, colon),
                Integer.parseInt(target.substring(colon + 1)))) {
                client.getOutputStream().write("HTTP/1.1 200 Connection established\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
                Thread back = new Thread(() -> pump(upstream, client), "connect-proxy-back");
                back.setDaemon(true);
                back.start();
                pump(client, upstream);
                back.join(30_000);
            }
        } catch (IOException | InterruptedException | RuntimeException ignored) {
            // the test sees the failure on its own side
        }
    }

    private static void pump(Socket from, Socket to) {
        try {
            from.getInputStream().transferTo(to.getOutputStream());
            to.shutdownOutput();
        } catch (IOException ignored) {
            // a reset: the other side sees it
        }
    }

    private static List<String> readHead(InputStream in) throws IOException {
        List<String> lines = new ArrayList<>();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                String text = line.toString(StandardCharsets.UTF_8).replace("\r", "");
                lines.add(text);
                line.reset();
                if (text.isEmpty()) {
                    return lines;
                }
            } else {
                line.write(b);
            }
        }
        return lines;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
