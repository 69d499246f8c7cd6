package io.jtunnel.app.control;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The control socket of a running jtunnel: {@code reload}, {@code reopen} and {@code exit} requests from
 * {@link ControlClient} (Windows has no HUP, USR1 or TERM). One daemon thread accepts; each connection is served on
 * a small pool, so a client that says nothing is dropped after a few seconds without holding up the others.
 */
public final class ControlServer implements AutoCloseable {
    /** How long a client may take to send its request. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
    /** Connections served at once; more are told the server is busy. */
    private static final int MAX_CLIENTS = 4;
    private static final Duration ACCEPT_RETRY = Duration.ofMillis(500);

    private final ServerSocketChannel channel;
    private final Path socket;
    private final ControlActions actions;
    private final Consumer<String> log;
    private final Duration requestTimeout;
    private final ThreadPoolExecutor clients;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ControlServer(ServerSocketChannel channel, Path socket, ControlActions actions, Consumer<String> log,
            Duration requestTimeout) {
        this.channel = channel;
        this.socket = socket;
        this.actions = actions;
        this.log = log;
        this.requestTimeout = requestTimeout;
        this.clients = new ThreadPoolExecutor(0, MAX_CLIENTS, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
            runnable -> daemon(runnable, "jtunnel-control-client"));
    }

    /**
     * Makes {@code controlDir} (owner-only) if needed and listens on the socket for {@code configFile} in it. A socket
     * file left by a crashed jtunnel is replaced.
     *
     * @param log told what happens, one line each (requests, a replaced socket, warnings about the directory)
     * @throws IOException when the directory is not owner-only, the path is too long, or another jtunnel for the
     *                     same configuration answers on the socket
     */
    public static ControlServer start(Path controlDir, Path configFile, ControlActions actions, Consumer<String> log)
            throws IOException {
        return start(controlDir, configFile, actions, log, REQUEST_TIMEOUT);
    }

    static ControlServer start(Path controlDir, Path configFile, ControlActions actions, Consumer<String> log,
            Duration requestTimeout) throws IOException {
        ControlDirectory.forFileSystem(FileSystems.getDefault()).prepare(controlDir, log);
        Path socket = ControlSocketPath.of(controlDir, configFile);
        replaceStale(socket, configFile, log);
        ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.bind(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            channel.close();
            throw new IOException("cannot listen on control socket " + socket + ": " + e.getMessage(), e);
        }
        ControlServer server = new ControlServer(channel, socket, actions, log, requestTimeout);
        daemon(server::acceptLoop, "jtunnel-control-accept").start();
        log.accept("Control socket " + socket + " accepts reload, reopen and exit");
        return server;
    }

    /** The socket file clients connect to. */
    public Path socketPath() {
        return socket;
    }

    /** Stops accepting and removes the socket file; requests already read are still answered. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            log.accept("Closing control socket " + socket + ": " + e.getMessage());
        }
        clients.shutdown();
        try {
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            log.accept("Cannot remove control socket " + socket + ": " + e.getMessage());
        }
    }

    private static void replaceStale(Path socket, Path configFile, Consumer<String> log) throws IOException {
        if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (answers(socket)) {
            throw new IOException("jtunnel is already running for " + configFile + ": another process answers on"
                + " control socket " + socket + "; stop it first (jtunnel service stop, or -exit)");
        }
        Files.delete(socket);
        log.accept("Removed stale control socket " + socket + " (left by a jtunnel that did not stop cleanly)");
    }

    private static boolean answers(Path socket) {
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.connect(UnixDomainSocketAddress.of(socket));
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    private void acceptLoop() {
        while (!closed.get()) {
            SocketChannel client;
            try {
                client = channel.accept();
            } catch (ClosedChannelException e) {
                return; // close(), which also shows as its subclass AsynchronousCloseException
            } catch (IOException e) {
                log.accept("Control socket " + socket + ": accept failed: " + e.getMessage());
                pauseAfterFailedAccept();
                continue;
            }
            try {
                clients.execute(() -> serve(client));
            } catch (RejectedExecutionException e) {
                answerAndClose(client, ControlReply.error("jtunnel is busy with other control requests; try again"));
            }
        }
    }

    /** Out of file descriptors, say: do not spin on accept, nor fill the log. */
    private static void pauseAfterFailedAccept() {
        try {
            Thread.sleep(ACCEPT_RETRY.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void serve(SocketChannel client) {
        try (client) {
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            ControlProtocol.ReadEnd end;
            try {
                end = ControlProtocol.read(client, received, requestTimeout, ControlProtocol.MAX_REQUEST_BYTES,
                    bytes -> bytes.toString(StandardCharsets.UTF_8).contains("\n"));
            } catch (IOException tooLongOrBroken) {
                ControlProtocol.writeAll(client, ControlProtocol.encode(ControlReply.error(
                    "request refused: " + tooLongOrBroken.getMessage())));
                return;
            }
            if (received.size() == 0) {
                if (end == ControlProtocol.ReadEnd.TIMED_OUT) {
                    log.accept("Control socket " + socket + ": dropped a client that sent nothing for "
                        + requestTimeout.toSeconds() + " s");
                }
                return; // a liveness probe, or a silent client
            }
            String request = ControlProtocol.requestLine(received.toByteArray());
            ControlProtocol.writeAll(client, ControlProtocol.encode(dispatch(request)));
        } catch (IOException e) {
            log.accept("Control socket " + socket + ": " + e.getMessage());
        }
    }

    private ControlReply dispatch(String request) {
        String command = request.strip();
        log.accept("Control request: " + command);
        try {
            return switch (command) {
                case ControlProtocol.RELOAD -> actions.reload();
                case ControlProtocol.REOPEN -> actions.reopenLog();
                case ControlProtocol.EXIT -> actions.terminate();
                default -> ControlReply.error("unknown command \"" + command + "\" (expected: reload, reopen or exit)");
            };
        } catch (RuntimeException e) {
            log.accept("Control request " + command + " failed: " + e);
            return ControlReply.error(command + " failed: " + e.getMessage());
        }
    }

    private void answerAndClose(SocketChannel client, ControlReply reply) {
        try (client) {
            ControlProtocol.writeAll(client, ControlProtocol.encode(reply));
        } catch (IOException e) {
            log.accept("Control socket " + socket + ": " + e.getMessage());
        }
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }
}
