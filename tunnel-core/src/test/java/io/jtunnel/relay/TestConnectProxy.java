package io.jtunnel.relay;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small HTTP CONNECT proxy on 127.0.0.1 standing in for squid: it records each request head, then answers as told
 * ({@code HTTP/1.1 200 Connection established} and a byte relay to the requested host:port, or a refusal, or garbage,
 * or nothing at all).
 */
final class TestConnectProxy implements AutoCloseable {
    /** What the proxy does once it has read a request. */
    enum Answer {
        /** 200 and relay. */
        OK("HTTP/1.1 200 Connection established\r\nVia: 1.1 test-proxy\r\n\r\n"),
        /** A 2xx other than 200, in HTTP/1.0: stunnel accepts any. */
        OK_204_HTTP10("HTTP/1.0 204 No Content\r\n\r\n"),
        PROXY_AUTH_REQUIRED("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"t\"\r\n"
            + "Content-Length: 0\r\n\r\n"),
        FORBIDDEN("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n"),
        GARBAGE("SSH-2.0-OpenSSH_9.2\r\n\r\n"),
        /** A status line longer than stunnel's 64 KiB limit. */
        ENDLESS_LINE(null),
        /** Reads the request, then closes without a word. */
        HANG_UP(null),
        /** Reads the request, then says nothing and waits. */
        SILENT(null);

        final String head;

        Answer(String head) {
            this.head = head;
        }
    }

    private final ServerSocket server;
    private final Answer answer;
    private final AtomicInteger connections = new AtomicInteger();
    final List<List<String>> requests = new CopyOnWriteArrayList<>();
    final List<Throwable> failures = new CopyOnWriteArrayList<>();

    TestConnectProxy(Answer answer) throws IOException {
        this.answer = answer;
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "connect-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                connections.incrementAndGet();
                Thread worker = new Thread(() -> serve(socket), "connect-proxy-worker");
                worker.setDaemon(true);
                worker.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            List<String> head = readHead(in);
            requests.add(head);
            OutputStream out = client.getOutputStream();
            switch (answer) {
                case HANG_UP -> {
                    return;
                }
                case SILENT -> {
                    in.transferTo(OutputStream.nullOutputStream());
                    return;
                }
                case ENDLESS_LINE -> {
                    out.write(("HTTP/1.1 200 " + "x".repeat(70_000) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    in.transferTo(OutputStream.nullOutputStream());
                    return;
                }
                default -> out.write(answer.head.getBytes(StandardCharsets.US_ASCII));
            }
            if (answer != Answer.OK && answer != Answer.OK_204_HTTP10) {
                return;
            }
            String[] request = head.get(0).split(" ");
            String target = request[1];
            int colon = target.lastIndexOf(':');
            try (Socket upstream = new Socket(target.substring(0, colon), Integer.parseInt(target.substring(colon + 1)))) {
                Thread back = new Thread(() -> pump(upstream, client), "connect-proxy-back");
                back.setDaemon(true);
                back.start();
                pump(client, upstream);
                back.join(30_000);
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            failures.add(e);
        }
    }

    /** Copies until the end of the stream, then passes the half-close on. */
    private static void pump(Socket from, Socket to) {
        try {
            from.getInputStream().transferTo(to.getOutputStream());
            to.shutdownOutput();
        } catch (IOException ignored) {
            // the other side reset: the test sees it there
        }
    }

    /** The request line and headers up to the empty line (included), CRLF removed. */
    private static List<String> readHead(InputStream in) throws IOException {
        List<String> lines = new ArrayList<>();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                String text = line.toString(StandardCharsets.UTF_8);
                text = text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
                lines.add(text);
                line.reset();
                if (text.isEmpty()) {
                    return lines;
                }
            } else {
                line.write(b);
            }
        }
        throw new IOException("end of stream in the request head: " + lines);
    }

    int port() {
        return server.getLocalPort();
    }

    int connections() {
        return connections.get();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
