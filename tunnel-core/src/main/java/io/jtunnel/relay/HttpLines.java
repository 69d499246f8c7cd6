package io.jtunnel.relay;

import io.jtunnel.log.LogLevel;
import io.jtunnel.log.LogSink;
import io.netty.buffer.ByteBuf;
import java.util.Locale;

/**
 * Reads the lines of an HTTP request or response head as stunnel's {@code fd_getline()} does: a line ends at LF (or
 * a NUL byte), every CR is dropped, and a line longer than 64 KiB ends the connection. jtunnel also bounds the whole
 * head, which stunnel does not. Logs each line at debug level as stunnel does, credentials hidden.
 */
final class HttpLines {
    /** stunnel's limit for one line ("DoS protection"). */
    static final int MAX_LINE = 65536;
    /** jtunnel's limit for a whole head: far more than any proxy sends. */
    static final int MAX_HEAD = 256 * 1024;

    /** A line or a head over its limit; the message is what the log says. */
    static final class TooLongException extends Exception {
        private static final long serialVersionUID = 1L;

        TooLongException(String message) {
            super(message, null, false, false);
        }
    }

    private final StringBuilder line = new StringBuilder();
    private int headBytes;

    /**
     * The next complete line from {@code in}, consuming its bytes, or null when {@code in} ends first (the partial
     * line is kept for the next call). Bytes after the line stay in {@code in}.
     */
    String next(ByteBuf in) throws TooLongException {
        while (in.isReadable()) {
            byte b = in.readByte();
            if (++headBytes > MAX_HEAD) {
                throw new TooLongException("HTTP header longer than " + MAX_HEAD + " bytes");
            }
            if (b == '\r') {
                continue;
            }
            if (b == '\n' || b == 0) {
                String complete = line.toString();
                line.setLength(0);
                return complete;
            }
            if (line.length() >= MAX_LINE) {
                throw new TooLongException("fd_getline: Line too long");
            }
            line.append((char) (b & 0xff)); // ISO-8859-1: every byte kept as it came
        }
        return null;
    }

    /** stunnel's debug trace of a line sent ({@code " -> "}) or received ({@code " <- "}), credentials hidden. */
    static void trace(LogSink log, String arrow, String text) {
        log.log(LogLevel.DEBUG, " " + arrow + " " + hideCredentials(text));
    }

    static String hideCredentials(String text) {
        int colon = text.indexOf(':');
        if (colon > 0) {
            String name = text.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            if (name.equals("proxy-authorization") || name.equals("authorization")) {
                String value = text.substring(colon + 1).trim();
                int space = value.indexOf(' ');
                return text.substring(0, colon + 1) + " " + (space > 0 ? value.substring(0, space) + " " : "")
                    + "(hidden)";
            }
        }
        return text;
    }

    /** stunnel's {@code is_prefix()}: a case-insensitive prefix test. */
    static boolean isPrefix(String text, String prefix) {
        return text.regionMatches(true, 0, prefix, 0, prefix.length());
    }
}
