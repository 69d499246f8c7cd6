package io.jtunnel.relay;

import io.jtunnel.log.LogLevel;
import io.jtunnel.log.LogSink;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Joins two byte streams that are not sockets (a program's stdout and stdin, or jtunnel's own stdin and stdout in
 * inetd mode) to the relay, which works on Netty channels: the streams are pumped to and from one loopback TCP
 * connection whose other end is an ordinary Netty channel. stunnel 5.68's Debian build does the same for {@code exec}
 * (its socket pair is a loopback TCP connection too).
 *
 * <p>A one-shot listener on 127.0.0.1, port 0, accepts only the connection that comes from the Netty channel's own
 * address; one from anywhere else (another local user racing for the port) is closed with a warning. Each direction
 * has one fixed buffer and blocks on its write, so nothing is buffered without bound. The end of the stream becomes
 * a FIN on the socket; the socket's end (a FIN from the relay) closes the output stream, as stunnel closes a
 * program's descriptor. When the output stream refuses bytes (the program closed its stdin), further bytes from the
 * socket are read and dropped, so the other direction goes on, as with stunnel's socket pair.
 */
public final class LoopbackBridge implements AutoCloseable {
    private static final int BUFFER_BYTES = 16 * 1024;
    /** How long the listener waits for the Netty channel's connection (a loopback connect is immediate). */
    private static final int ACCEPT_LIMIT_MILLIS = 10_000;
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final ServerSocket listener;
    private final CompletableFuture<InetSocketAddress> expected = new CompletableFuture<>();
    private final CompletableFuture<Void> toStreamDone = new CompletableFuture<>();
    private final CompletableFuture<Void> toSocketDone = new CompletableFuture<>();
    private volatile Socket socket;

    private LoopbackBridge(ServerSocket listener) {
        this.listener = listener;
        toStreamDone.runAfterBoth(toSocketDone, this::closeSocket);
    }

    /** Opens the one-shot listener on an ephemeral loopback port. */
    public static LoopbackBridge open() throws IOException {
        ServerSocket listener = new ServerSocket();
        try {
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
            listener.setSoTimeout(ACCEPT_LIMIT_MILLIS);
        } catch (IOException e) {
            listener.close();
            throw e;
        }
        return new LoopbackBridge(listener);
    }

    /** Where the Netty channel must connect. */
    public InetSocketAddress address() {
        return (InetSocketAddress) listener.getLocalSocketAddress();
    }

    /**
     * Starts a thread that accepts the Netty channel's connection (once {@link #connected} says from where) and then
     * moves bytes: {@code from} to the socket, the socket to {@code to}.
     */
    public void start(InputStream from, OutputStream to, LogSink log) {
        daemon("jtunnel-bridge-" + THREADS.incrementAndGet(), () -> run(from, to, log)).start();
    }

    /** The Netty channel connected; its local address is the only source the listener accepts. */
    public void connected(SocketAddress channelAddress) {
        expected.complete((InetSocketAddress) channelAddress);
    }

    /** The Netty channel could not connect: the listener stops waiting. */
    public void abandon() {
        expected.cancel(false);
        close();
    }

    /** Completes once every byte from the socket has been written to the output stream and the stream is closed. */
    public CompletableFuture<Void> delivered() {
        return toStreamDone;
    }

    /** Closes the listener and the socket, which ends both pumps' socket sides. */
    @Override
    public void close() {
        closeQuietly(listener);
        closeSocket();
    }

    private void run(InputStream from, OutputStream to, LogSink log) {
        Socket accepted = acceptExpected(log);
        closeQuietly(listener);
        if (accepted == null) {
            closeQuietly(to);
            toStreamDone.complete(null);
            toSocketDone.complete(null);
            return;
        }
        socket = accepted;
        try {
            accepted.setTcpNoDelay(true);
        } catch (IOException e) {
            // only latency suffers
        }
        daemon(Thread.currentThread().getName() + "-in", () -> streamToSocket(from, accepted)).start();
        socketToStream(accepted, to);
    }

    private Socket acceptExpected(LogSink log) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ACCEPT_LIMIT_MILLIS);
        while (true) {
            Socket candidate;
            try {
                candidate = listener.accept();
            } catch (SocketTimeoutException e) {
                log.log(LogLevel.ERR, "Local program's loopback connection did not arrive within "
                    + ACCEPT_LIMIT_MILLIS / 1000 + " seconds");
                return null;
            } catch (IOException e) {
                return null; // closed by abandon() or close()
            }
            InetSocketAddress wanted;
            try {
                wanted = expected.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                closeQuietly(candidate);
                return null;
            } catch (ExecutionException | TimeoutException | java.util.concurrent.CancellationException e) {
                closeQuietly(candidate);
                return null;
            }
            if (wanted.equals(candidate.getRemoteSocketAddress())) {
                return candidate;
            }
            log.log(LogLevel.WARNING, "Rejected a connection from " + Addresses.format(candidate.getRemoteSocketAddress())
                + " to the loopback port of a local program: only " + Addresses.format(wanted) + " may connect");
            closeQuietly(candidate);
        }
    }

    /** The stream's bytes into the socket; its end becomes a FIN. */
    private void streamToSocket(InputStream from, Socket accepted) {
        byte[] buffer = new byte[BUFFER_BYTES];
        try {
            OutputStream out = accepted.getOutputStream();
            int n;
            while ((n = read(from, buffer)) >= 0) {
                out.write(buffer, 0, n);
            }
            accepted.shutdownOutput();
        } catch (IOException e) {
            // the relay closed the socket: nothing more can be delivered
        } finally {
            toSocketDone.complete(null);
        }
    }

    /** A read error of the stream (a pipe closed under us) counts as its end. */
    private static int read(InputStream from, byte[] buffer) {
        try {
            return from.read(buffer);
        } catch (IOException e) {
            return -1;
        }
    }

    /** The socket's bytes into the stream; the socket's end closes the stream. */
    private void socketToStream(Socket accepted, OutputStream to) {
        byte[] buffer = new byte[BUFFER_BYTES];
        boolean writable = true;
        try {
            InputStream in = accepted.getInputStream();
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (!writable) {
                    continue; // the program stopped reading: drop, so the relay is not stalled
                }
                try {
                    to.write(buffer, 0, n);
                    to.flush();
                } catch (IOException e) {
                    writable = false;
                }
            }
        } catch (IOException e) {
            // reset by the relay: the connection is over
        } finally {
            closeQuietly(to);
            toStreamDone.complete(null);
        }
    }

    private void closeSocket() {
        Socket current = socket;
        if (current != null) {
            closeQuietly(current);
        }
    }

    private static Thread daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // closing is best effort
        }
    }
}
