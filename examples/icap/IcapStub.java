import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A tiny ICAP server (RFC 3507) standing in for the DLP appliance behind the tunnel: it answers OPTIONS with the
 * methods it supports and any REQMOD/RESPMOD with "204 No Content" (allowed), reading chunked bodies to the end.
 * Persistent connections are kept. Run it with: java IcapStub.java [PORT] (default 1344, loopback only).
 */
public final class IcapStub {
    public static void main(String[] args) throws IOException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 1344;
        try (ServerSocket server = new ServerSocket(port, 128, InetAddress.getLoopbackAddress())) {
            System.out.println("ICAP stub listening on " + server.getLocalSocketAddress());
            System.out.flush();
            while (true) {
                Socket socket = server.accept();
                Thread thread = new Thread(() -> serve(socket), "icap-" + socket.getPort());
                thread.setDaemon(true);
                thread.start();
            }
        }
    }

    private static void serve(Socket socket) {
        try (socket; InputStream in = new BufferedInputStream(socket.getInputStream());
             OutputStream out = socket.getOutputStream()) {
            while (true) {
                String head = readHead(in);
                if (head == null) {
                    return; // the client closed: answer its FIN with ours
                }
                String method = head.substring(0, Math.max(0, head.indexOf(' '))).toUpperCase(Locale.ROOT);
                String encapsulated = header(head, "Encapsulated");
                if (encapsulated != null && !encapsulated.contains("null-body")) {
                    if (encapsulated.contains("req-hdr") || encapsulated.contains("res-hdr")) {
                        readHead(in); // the encapsulated HTTP header block
                    }
                    readChunks(in);
                }
                String response = switch (method) {
                    case "OPTIONS" -> "ICAP/1.0 200 OK\r\nMethods: REQMOD, RESPMOD\r\nService: jtunnel ICAP stub\r\n"
                        + "ISTag: \"jtunnel-stub-1\"\r\nAllow: 204\r\nPreview: 0\r\nEncapsulated: null-body=0\r\n\r\n";
                    case "REQMOD", "RESPMOD" -> "ICAP/1.0 204 No Content\r\nISTag: \"jtunnel-stub-1\"\r\n"
                        + "Encapsulated: null-body=0\r\n\r\n";
                    default -> "ICAP/1.0 405 Method Not Allowed\r\nISTag: \"jtunnel-stub-1\"\r\n"
                        + "Encapsulated: null-body=0\r\n\r\n";
                };
                out.write(response.getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        } catch (IOException e) {
            // a client that vanished: nothing to answer
        }
    }

    /** Reads up to and including an empty line; null at a clean end of stream. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            byte[] bytes = head.toByteArray();
            int n = bytes.length;
            if (n >= 4 && bytes[n - 4] == '\r' && bytes[n - 3] == '\n' && bytes[n - 2] == '\r' && bytes[n - 1] == '\n') {
                return head.toString(StandardCharsets.ISO_8859_1);
            }
        }
        if (head.size() == 0) {
            return null;
        }
        throw new IOException("truncated ICAP head");
    }

    private static void readChunks(InputStream in) throws IOException {
        while (true) {
            String sizeLine = readLine(in);
            int semicolon = sizeLine.indexOf(';');
            int size = Integer.parseInt((semicolon >= 0 ? sizeLine.substring(0, semicolon) : sizeLine).trim(), 16);
            if (size == 0) {
                readLine(in); // the empty line after the last chunk
                return;
            }
            in.readNBytes(size);
            readLine(in);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (b != '\r') {
                line.write(b);
            }
        }
        if (b < 0) {
            throw new IOException("truncated chunk");
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    private static String header(String head, String name) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }
}
