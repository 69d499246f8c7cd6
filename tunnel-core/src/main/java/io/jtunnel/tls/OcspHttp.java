package io.jtunnel.tls;

import io.jtunnel.config.Timeouts;
import io.jtunnel.log.LogLevel;
import io.jtunnel.log.LogSink;
import io.jtunnel.relay.Addresses;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One OCSP exchange over plain HTTP as stunnel 5.68's ocsp_get_response makes it: parse the URL (https refused),
 * resolve, connect within TIMEOUTconnect, POST the request, read the answer within TIMEOUTbusy, with stunnel's log
 * lines and OpenSSL 3's HTTP error texts. Blocking: it runs on a verification thread, never on an event loop.
 */
final class OcspHttp {
    /** OpenSSL's OCSP_MAX_RESP_LENGTH. */
    static final int MAX_RESPONSE = 100 * 1024;
    private static final int MAX_LINE = 4096;

    private final int connectSeconds;
    private final int busySeconds;

    OcspHttp(int connectSeconds, int busySeconds) {
        this.connectSeconds = connectSeconds;
        this.busySeconds = busySeconds;
    }

    /**
     * @param limitNanos a {@link System#nanoTime()} by which the whole exchange must be over whatever the timeouts
     *     allow ({@link Long#MAX_VALUE}: none), so it ends before the handshake it belongs to times out
     * @return the DER answer's bytes, or null when the exchange failed (already logged)
     */
    byte[] post(String url, byte[] request, LogSink log, long limitNanos) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            uri = null;
        }
        String scheme = uri == null || uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri == null || uri.getHost() == null || !(scheme.equals("http") || scheme.equals("https"))) {
            log.log(LogLevel.ERR, "OCSP: Failed to parse the OCSP URL");
            return null;
        }
        if (scheme.equals("https")) {
            log.log(LogLevel.ERR, "OCSP: TLS not supported for OCSP - an additional stunnel service needs to be"
                + " defined");
            return null;
        }
        String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1)
            : uri.getHost();
        int port = uri.getPort() < 0 ? 80 : uri.getPort();
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) {
            path += "?" + uri.getRawQuery();
        }
        InetSocketAddress address;
        try {
            address = new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            log.log(LogLevel.ERR, "OCSP: Failed to resolve the OCSP responder address");
            return null;
        }
        String shown = Addresses.format(address);
        log.log(LogLevel.INFO, "s_connect: connecting " + shown);
        try (Socket socket = new Socket()) {
            try {
                int connectMillis = Timeouts.nettyMillis(connectSeconds);
                if (limitNanos != Long.MAX_VALUE) {
                    long left = Math.max(1, (limitNanos - System.nanoTime()) / 1_000_000);
                    connectMillis = (int) (connectMillis == 0 ? Math.min(Integer.MAX_VALUE, left)
                        : Math.min(connectMillis, left));
                }
                socket.connect(address, connectMillis);
            } catch (SocketTimeoutException e) {
                log.log(LogLevel.ERR, "s_connect: s_poll_wait " + shown + ": TIMEOUTconnect exceeded");
                return null;
            } catch (IOException e) {
                log.log(LogLevel.ERR, "s_connect: connect " + shown + ": " + socketError(e));
                return null;
            }
            log.log(LogLevel.NOTICE, "s_connect: connected " + shown);
            log.log(LogLevel.DEBUG, "OCSP: Connected " + host + ":" + port);
            return exchange(socket, host, path, request, log, limitNanos);
        } catch (IOException closeFailed) {
            return null;
        }
    }

    private byte[] exchange(Socket socket, String host, String path, byte[] request, LogSink log, long limitNanos) {
        long busyMillis = Timeouts.millis(busySeconds);
        long deadline = Math.min(limitNanos,
            busyMillis < 0 ? Long.MAX_VALUE : System.nanoTime() + busyMillis * 1_000_000);
        Deadline timer = () -> {
            if (deadline == Long.MAX_VALUE) {
                return 0; // forever
            }
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                throw new SocketTimeoutException();
            }
            return (int) Math.min(Integer.MAX_VALUE, left);
        };
        try {
            OutputStream out = socket.getOutputStream();
            String head = "POST " + path + " HTTP/1.0\r\nHost: " + host + "\r\nUser-Agent: jtunnel\r\n"
                + "Content-Type: application/ocsp-request\r\nContent-Length: " + request.length + "\r\n\r\n";
            socket.setSoTimeout(timer.millisLeft());
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(request);
            out.flush();
            InputStream in = new java.io.BufferedInputStream(socket.getInputStream());
            String status = line(in, socket, timer);
            if (status == null) {
                return failed(log, 0x80, "failed reading data");
            }
            String[] parts = status.split(" ", 3);
            if (parts.length < 2 || !(parts[0].equals("HTTP/1.0") || parts[0].equals("HTTP/1.1"))) {
                return failed(log, parts[0].startsWith("HTTP/") ? 0x6A : 0x68,
                    parts[0].startsWith("HTTP/") ? "received wrong http version" : "response parse error");
            }
            int code;
            try {
                code = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                return failed(log, 0x68, "response parse error");
            }
            long length = -1;
            String line;
            while ((line = line(in, socket, timer)) != null && !line.isEmpty()) {
                int colon = line.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = line.substring(colon + 1).trim();
                if (code == 200 && name.equals("content-type")
                    && !value.toLowerCase(Locale.ROOT).startsWith("application/ocsp-response")) {
                    return failed(log, 0x76, "unexpected content type");
                }
                if (name.equals("content-length")) {
                    try {
                        length = Long.parseLong(value);
                    } catch (NumberFormatException e) {
                        return failed(log, 0x77, "error parsing content length");
                    }
                }
            }
            if (line == null) {
                return failed(log, 0x80, "failed reading data");
            }
            if (code >= 300 && code < 400) {
                return failed(log, 0x74, "redirection not enabled");
            }
            if (code != 200) {
                return failed(log, code >= 200 && code < 300 ? 0x72 : 0x69,
                    code >= 200 && code < 300 ? "status code unsupported" : "received error");
            }
            if (length > MAX_RESPONSE) {
                return failed(log, 0x75, "max resp len exceeded");
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            while (length < 0 || body.size() < length) {
                socket.setSoTimeout(timer.millisLeft());
                int want = length < 0 ? buffer.length : (int) Math.min(buffer.length, length - body.size());
                int n = in.read(buffer, 0, want);
                if (n < 0) {
                    break;
                }
                body.write(buffer, 0, n);
                if (body.size() > MAX_RESPONSE) {
                    return failed(log, 0x75, "max resp len exceeded");
                }
            }
            if (length >= 0 && body.size() < length) {
                return failed(log, 0x80, "failed reading data");
            }
            return body.toByteArray();
        } catch (SocketTimeoutException e) {
            log.log(LogLevel.INFO, "OCSP: s_poll_wait: TIMEOUTbusy exceeded");
            return null;
        } catch (IOException e) {
            return failed(log, 0x80, "failed reading data");
        }
    }

    /** stunnel's sslerror line for OpenSSL 3's HTTP error {@code reason} (without OpenSSL's source file:line). */
    private static byte[] failed(LogSink log, int reason, String text) {
        log.log(LogLevel.ERR, "OCSP: OCSP_sendreq_nbio: " + httpError(reason, text));
        return null;
    }

    static String httpError(int reason, String text) {
        return String.format("error:%08X:HTTP routines::%s", 0x1E800000 | reason, text);
    }

    /** One header line without its CRLF, or null at the end of the stream. */
    private static String line(InputStream in, Socket socket, Deadline timer) throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            socket.setSoTimeout(timer.millisLeft());
            int c = in.read();
            if (c < 0) {
                return null;
            }
            if (c == '\n') {
                int end = line.length();
                return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
            }
            if (line.length() >= MAX_LINE) {
                throw new IOException("response line too long");
            }
            line.append((char) c);
        }
    }

    /** errno's text as stunnel prints it: {@code Connection refused (111)}. */
    private static String socketError(IOException e) {
        String message = String.valueOf(e.getMessage());
        if (e instanceof ConnectException && message.startsWith("Connection refused")) {
            return "Connection refused (111)";
        }
        if (message.contains("No route to host")) {
            return "No route to host (113)";
        }
        if (message.contains("Network is unreachable")) {
            return "Network is unreachable (101)";
        }
        return message;
    }

    @FunctionalInterface
    private interface Deadline {
        /** The milliseconds left for the next read (0: no limit). */
        int millisLeft() throws SocketTimeoutException;
    }
}
