package io.jtunnel.bench;

import java.nio.charset.StandardCharsets;

/**
 * The ICAP-like messages of the benchmark. Every answer of the upstream is a header block ending with an empty line,
 * so the client knows an answer is complete when it has read CRLF CRLF.
 */
final class Icap {
    static final String OPTIONS_REQUEST = "OPTIONS icap://127.0.0.1/reqmod ICAP/1.0\r\nHost: 127.0.0.1\r\n"
        + "Encapsulated: null-body=0\r\n\r\n";
    static final String OPTIONS_RESPONSE = "ICAP/1.0 200 OK\r\nMethods: REQMOD, RESPMOD\r\nService: jtunnel-bench/1.0\r\n"
        + "ISTag: \"bench-1\"\r\nMax-Connections: 100000\r\nOptions-TTL: 3600\r\nAllow: 204\r\nPreview: 0\r\n"
        + "Encapsulated: null-body=0\r\n\r\n";
    static final String BODY_LENGTH = "X-Bench-Length";
    static final int REQUEST_SIZE = 4096;
    static final int RESPONSE_SIZE = 256;

    private Icap() {
    }

    /** A REQMOD-like request of exactly {@link #REQUEST_SIZE} bytes: a header naming the body length, then the body. */
    static byte[] request() {
        String head = "REQMOD icap://127.0.0.1/reqmod ICAP/1.0\r\nHost: 127.0.0.1\r\n" + BODY_LENGTH + ": ";
        // the length field has 4 digits, so the header size does not depend on the value
        int headerSize = head.length() + 4 + 4;
        String header = head + String.format("%04d", REQUEST_SIZE - headerSize) + "\r\n\r\n";
        byte[] out = new byte[REQUEST_SIZE];
        byte[] h = header.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(h, 0, out, 0, h.length);
        for (int i = h.length; i < out.length; i++) {
            out[i] = (byte) ('a' + i % 26);
        }
        return out;
    }

    /** The answer to a request: exactly {@link #RESPONSE_SIZE} bytes. */
    static byte[] response() {
        String head = "ICAP/1.0 204 No Content\r\nISTag: \"bench-1\"\r\nX-Pad: ";
        StringBuilder s = new StringBuilder(head);
        while (s.length() < RESPONSE_SIZE - 4) {
            s.append('x');
        }
        s.append("\r\n\r\n");
        return s.toString().getBytes(StandardCharsets.US_ASCII);
    }

    static String uploadHeader(long length) {
        return "UPLOAD icap://127.0.0.1/upload ICAP/1.0\r\nHost: 127.0.0.1\r\n" + BODY_LENGTH + ": " + length
            + "\r\n\r\n";
    }

    static String uploadResponse(long bytes, int crc) {
        return "ICAP/1.0 200 OK\r\nX-Bench-Bytes: " + bytes + "\r\nX-Bench-CRC32C: " + Integer.toHexString(crc)
            + "\r\n\r\n";
    }

    /** The value of a header in a header block, or null. */
    static String header(String block, String name) {
        for (String line : block.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }
}
