package io.jtunnel.app.control;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Locale;

/**
 * Sends one request ({@code reload}, {@code reopen} or {@code exit}) to the jtunnel that runs a configuration, through
 * its control socket, as stunnel's {@code -reload}/{@code -reopen}/{@code -exit} use a named pipe.
 */
public final class ControlClient {
    /** A reload reads every key again: give it time. */
    static final Duration REPLY_TIMEOUT = Duration.ofMinutes(2);
    private static final int MAX_REPLY_BYTES = 1 << 20;

    private ControlClient() {
    }

    /**
     * Delivers {@code command} to the jtunnel running {@code configFile} and returns its reply.
     *
     * @throws ControlException when no jtunnel runs for that configuration, this user may not use its socket, or
     *                          the conversation fails; the message says which, naming the socket
     */
    public static ControlReply send(Path controlDir, Path configFile, String command) throws ControlException {
        return send(controlDir, configFile, command, REPLY_TIMEOUT);
    }

    static ControlReply send(Path controlDir, Path configFile, String command, Duration timeout)
            throws ControlException {
        byte[] request = ControlProtocol.request(command);
        Path socket = ControlSocketPath.of(controlDir, configFile);
        try {
            Files.readAttributes(socket, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            throw notRunning(configFile, "no control socket " + socket);
        } catch (AccessDeniedException e) {
            throw denied(socket, e);
        } catch (IOException e) {
            throw new ControlException(ControlException.Reason.FAILED, "cannot reach control socket " + socket
                + ": " + e, e);
        }
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            try {
                channel.connect(UnixDomainSocketAddress.of(socket));
            } catch (IOException e) {
                throw connectFailed(e, socket, configFile);
            }
            ControlProtocol.writeAll(channel, request);
            channel.shutdownOutput();
            ByteArrayOutputStream reply = new ByteArrayOutputStream();
            ControlProtocol.ReadEnd end = ControlProtocol.read(channel, reply, timeout, MAX_REPLY_BYTES,
                bytes -> false);
            if (end == ControlProtocol.ReadEnd.TIMED_OUT) {
                throw new ControlException(ControlException.Reason.FAILED, "jtunnel running " + configFile
                    + " did not answer \"" + command + "\" within " + timeout.toSeconds() + " s");
            }
            return ControlProtocol.decode(reply.toByteArray());
        } catch (ControlException e) {
            throw e;
        } catch (IOException e) {
            throw new ControlException(ControlException.Reason.FAILED, "control request \"" + command + "\" on "
                + socket + " failed: " + e.getMessage(), e);
        }
    }

    /** Says why a connect failed: nobody listening (a stale socket), no right to use it, or else. */
    static ControlException connectFailed(IOException e, Path socket, Path configFile) {
        if (e instanceof ConnectException) {
            return notRunning(configFile, "nobody answers on control socket " + socket);
        }
        String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        // the JDK reports EACCES on connect as a BindException
        if (e instanceof BindException || e instanceof AccessDeniedException || message.contains("denied")) {
            return denied(socket, e);
        }
        if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
            return notRunning(configFile, "no control socket " + socket);
        }
        return new ControlException(ControlException.Reason.FAILED, "cannot connect to control socket " + socket
            + ": " + e.getMessage(), e);
    }

    private static ControlException notRunning(Path configFile, String detail) {
        return new ControlException(ControlException.Reason.NOT_RUNNING, "jtunnel is not running for " + configFile
            + " (" + detail + ")");
    }

    private static ControlException denied(Path socket, IOException e) {
        return new ControlException(ControlException.Reason.PERMISSION_DENIED, "permission denied on control socket "
            + socket + ": only administrators and the account the jtunnel service runs as may control it (on"
            + " Windows, use a command prompt run as administrator)", e);
    }
}
