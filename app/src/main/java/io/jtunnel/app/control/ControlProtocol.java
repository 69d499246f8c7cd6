package io.jtunnel.app.control;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The control socket's conversation: the client sends one line ({@code reload}, {@code reopen} or {@code exit}),
 * the server answers with lines that all start with {@code ok} ({@code ok}, {@code ok: <message>}) or, when the
 * request failed, {@code error: <reason>}, then closes. UTF-8, LF line ends (a CR before it is ignored).
 */
final class ControlProtocol {
    static final String RELOAD = "reload";
    static final String REOPEN = "reopen";
    static final String EXIT = "exit";

    /** Longer requests are refused; the real ones are a few bytes. */
    static final int MAX_REQUEST_BYTES = 256;

    /** What a read with a deadline ended with. */
    enum ReadEnd { DONE, END_OF_STREAM, TIMED_OUT }

    private ControlProtocol() {
    }

    static byte[] request(String command) {
        if (command.isEmpty() || command.contains("\n") || command.contains("\r")) {
            throw new IllegalArgumentException("a control command is one non-empty line, not \"" + command + "\"");
        }
        return (command + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** The request line without its line end, or the whole text when the client closed before a line end. */
    static String requestLine(byte[] received) {
        String text = new String(received, StandardCharsets.UTF_8);
        int end = text.indexOf('\n');
        String line = end < 0 ? text : text.substring(0, end);
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }

    static byte[] encode(ControlReply reply) {
        StringBuilder text = new StringBuilder();
        if (reply.ok() && reply.lines().isEmpty()) {
            text.append("ok\n");
        } else if (reply.lines().isEmpty()) {
            text.append("error: request failed\n");
        }
        String prefix = reply.ok() ? "ok: " : "error: ";
        reply.lines().forEach(line -> text.append(prefix).append(line).append('\n'));
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Reads a reply; ok only when every line says so (an empty reply is a failure). */
    static ControlReply decode(byte[] received) {
        List<String> lines = new ArrayList<>();
        boolean ok = true;
        boolean any = false;
        for (String line : new String(received, StandardCharsets.UTF_8).split("\r?\n")) {
            if (line.isEmpty()) {
                continue;
            }
            any = true;
            if (line.equals("ok")) {
                continue;
            }
            if (line.startsWith("ok: ")) {
                lines.add(line.substring(4));
            } else if (line.startsWith("error: ")) {
                ok = false;
                lines.add(line.substring(7));
            } else {
                ok = false;
                lines.add(line);
            }
        }
        if (!any) {
            return ControlReply.error("jtunnel closed the control connection without a reply");
        }
        return new ControlReply(ok, lines);
    }

    /**
     * Reads from {@code channel} into {@code into} until {@code done} holds, the peer closes, or {@code timeout}
     * passes; the channel is blocking again afterwards, ready for a write.
     *
     * @throws IOException also when more than {@code maxBytes} arrive
     */
    static ReadEnd read(SocketChannel channel, ByteArrayOutputStream into, Duration timeout, int maxBytes,
            Predicate<ByteArrayOutputStream> done) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        ByteBuffer buffer = ByteBuffer.allocate(1024);
        channel.configureBlocking(false);
        // closing the selector deregisters the channel, so that it may block again for the reply
        try (Selector selector = Selector.open()) {
            channel.register(selector, SelectionKey.OP_READ);
            while (true) {
                buffer.clear();
                int count = channel.read(buffer);
                if (count < 0) {
                    return ReadEnd.END_OF_STREAM;
                }
                if (count > 0) {
                    into.write(buffer.array(), 0, count);
                    if (into.size() > maxBytes) {
                        throw new IOException("more than " + maxBytes + " bytes");
                    }
                    if (done.test(into)) {
                        return ReadEnd.DONE;
                    }
                    continue;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return ReadEnd.TIMED_OUT;
                }
                selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                selector.selectedKeys().clear();
            }
        } finally {
            if (channel.isOpen()) {
                channel.configureBlocking(true);
            }
        }
    }

    static void writeAll(SocketChannel channel, byte[] bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }
}
