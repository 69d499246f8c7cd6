package io.jtunnel.app;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/** ICAP messages as the cloud client sends them, and reading an ICAP response head. */
final class Icap {
    static final String OPTIONS = "OPTIONS icap://127.0.0.1:1344/reqmod ICAP/1.0\r\nHost: 127.0.0.1\r\n"
        + "Encapsulated: null-body=0\r\n\r\n";

    private Icap() {
    }

    static byte[] options() {
        return OPTIONS.getBytes(StandardCharsets.US_ASCII);
    }

    /** A REQMOD carrying an HTTP POST whose body is {@code bodySize} random bytes, chunked in 64 KiB chunks. */
    static byte[] reqmod(int bodySize, long seed) {
        String http = "POST /upload HTTP/1.1\r\nHost: files.example.com\r\nContent-Type: application/octet-stream\r\n"
            + "Content-Length: " + bodySize + "\r\n\r\n";
        String icap = "REQMOD icap://127.0.0.1:1344/reqmod ICAP/1.0\r\nHost: 127.0.0.1\r\nAllow: 204\r\n"
            + "Encapsulated: req-hdr=0, req-body=" + http.length() + "\r\n\r\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream(bodySize + 4096);
        out.writeBytes(icap.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(http.getBytes(StandardCharsets.US_ASCII));
        Random random = new Random(seed);
        int chunk = 64 * 1024;
        for (int done = 0; done < bodySize; done += chunk) {
            int n = Math.min(chunk, bodySize - done);
            byte[] bytes = new byte[n];
            random.nextBytes(bytes);
            out.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(bytes);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    /** Reads one response head (up to the empty line); the stub's answers have no body. */
    static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            String text = head.toString(StandardCharsets.ISO_8859_1);
            if (text.endsWith("\r\n\r\n")) {
                return text;
            }
        }
        throw new IOException("end of stream after " + head.size() + " byte(s) of a response head: "
            + head.toString(StandardCharsets.ISO_8859_1));
    }
}
