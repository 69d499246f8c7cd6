package io.jtunnel.app.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A real control socket in a temporary directory, driven by the real client. */
@Timeout(30)
class ControlServerTest {
    @TempDir
    Path temp;

    private Path controlDir;
    private Path config;
    private final RecordingActions actions = new RecordingActions();
    private final List<String> log = new CopyOnWriteArrayList<>();
    private ControlServer server;

    @BeforeEach
    void config() throws IOException {
        controlDir = temp.resolve("run");
        config = Files.writeString(temp.resolve("stunnel.conf"), "; empty\n");
    }

    @AfterEach
    void close() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void each_command_reaches_its_action_and_the_reply_comes_back() throws IOException {
        server = ControlServer.start(controlDir, config, actions, log::add);

        assertThat(ControlClient.send(controlDir, config, "reload"))
            .isEqualTo(ControlReply.success("Configuration successful"));
        assertThat(ControlClient.send(controlDir, config, "reopen"))
            .isEqualTo(ControlReply.success("Log file reopened"));
        assertThat(ControlClient.send(controlDir, config, "exit")).isEqualTo(ControlReply.success());
        assertThat(actions.calls).containsExactly("reload", "reopen", "terminate");
        assertThat(log).contains("Control request: reload", "Control request: reopen", "Control request: exit");
    }

    @Test
    void a_failed_reload_sends_back_its_reasons() throws IOException {
        actions.reloadReply = ControlReply.error("stunnel.conf:3: \"accept 1\": No '=' found",
            "Failed to reload the configuration file");
        server = ControlServer.start(controlDir, config, actions, log::add);

        ControlReply reply = ControlClient.send(controlDir, config, "reload");

        assertThat(reply.ok()).isFalse();
        assertThat(reply.lines()).containsExactly("stunnel.conf:3: \"accept 1\": No '=' found",
            "Failed to reload the configuration file");
    }

    @Test
    void an_unknown_command_is_an_error_and_reaches_no_action() throws IOException {
        server = ControlServer.start(controlDir, config, actions, log::add);

        ControlReply reply = ControlClient.send(controlDir, config, "restart");

        assertThat(reply.ok()).isFalse();
        assertThat(reply.lines()).containsExactly("unknown command \"restart\" (expected: reload, reopen or exit)");
        assertThat(actions.calls).isEmpty();
    }

    @Test
    void an_action_that_throws_is_an_error_reply() throws IOException {
        ControlActions broken = new RecordingActions() {
            @Override
            public ControlReply reload() {
                throw new IllegalStateException("control thread is shut down");
            }
        };
        server = ControlServer.start(controlDir, config, broken, log::add);

        ControlReply reply = ControlClient.send(controlDir, config, "reload");

        assertThat(reply).isEqualTo(ControlReply.error("reload failed: control thread is shut down"));
    }

    @Test
    void a_request_line_too_long_is_refused() throws IOException {
        server = ControlServer.start(controlDir, config, actions, log::add);

        String reply = exchange(server.socketPath(), "x".repeat(ControlProtocol.MAX_REQUEST_BYTES + 10));

        assertThat(reply).startsWith("error: request refused: more than 256 bytes");
        assertThat(actions.calls).isEmpty();
    }

    @Test
    void the_socket_is_named_after_the_configuration_in_an_owner_only_directory() throws IOException {
        server = ControlServer.start(controlDir, config, actions, log::add);

        assertThat(server.socketPath().getParent()).isEqualTo(controlDir.toAbsolutePath());
        assertThat(server.socketPath().getFileName().toString()).matches("[0-9a-f]{16}\\.sock");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(controlDir))).isEqualTo("rwx------");
    }

    @Test
    void close_removes_the_socket_and_clients_then_hear_it_is_not_running() throws IOException {
        server = ControlServer.start(controlDir, config, actions, log::add);
        Path socket = server.socketPath();

        server.close();

        assertThat(socket).doesNotExist();
        assertThatThrownBy(() -> ControlClient.send(controlDir, config, "reload"))
            .isInstanceOf(ControlException.class)
            .hasMessage("jtunnel is not running for " + config + " (no control socket " + socket + ")")
            .extracting(e -> ((ControlException) e).reason()).isEqualTo(ControlException.Reason.NOT_RUNNING);
    }

    @Test
    void a_stale_socket_from_a_crashed_process_is_replaced() throws IOException {
        Files.createDirectory(controlDir, PosixFilePermissions.asFileAttribute(
            PosixFilePermissions.fromString("rwx------")));
        Path socket = ControlSocketPath.of(controlDir, config);
        try (ServerSocketChannel crashed = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            crashed.bind(UnixDomainSocketAddress.of(socket));
        } // closing leaves the file behind, as a killed process does
        assertThat(socket).exists();

        server = ControlServer.start(controlDir, config, actions, log::add);

        assertThat(log).contains("Removed stale control socket " + socket
            + " (left by a jtunnel that did not stop cleanly)");
        assertThat(ControlClient.send(controlDir, config, "reopen").ok()).isTrue();
    }

    @Test
    void a_second_server_for_the_same_configuration_fails_while_the_first_answers() throws IOException {
        server = ControlServer.start(controlDir, config, actions, log::add);

        assertThatThrownBy(() -> ControlServer.start(controlDir, config, new RecordingActions(), log::add))
            .isInstanceOf(IOException.class)
            .hasMessage("jtunnel is already running for " + config + ": another process answers on control socket "
                + server.socketPath() + "; stop it first (jtunnel service stop, or -exit)");
        assertThat(ControlClient.send(controlDir, config, "reload").ok()).isTrue();
    }

    @Test
    void another_configuration_gets_its_own_socket_in_the_same_directory() throws IOException {
        Path other = Files.writeString(temp.resolve("other.conf"), "; other\n");
        RecordingActions otherActions = new RecordingActions();
        server = ControlServer.start(controlDir, config, actions, log::add);
        try (ControlServer second = ControlServer.start(controlDir, other, otherActions, log::add)) {
            ControlClient.send(controlDir, other, "exit");

            assertThat(second.socketPath()).isNotEqualTo(server.socketPath());
            assertThat(otherActions.calls).containsExactly("terminate");
            assertThat(actions.calls).isEmpty();
        }
    }

    @Test
    void an_idle_client_does_not_hold_up_another_one() throws IOException {
        server = ControlServer.start(controlDir, config, actions, log::add, Duration.ofSeconds(60));
        try (SocketChannel idle = SocketChannel.open(UnixDomainSocketAddress.of(server.socketPath()))) {
            ControlReply reply = ControlClient.send(controlDir, config, "reload", Duration.ofSeconds(10));

            assertThat(reply.ok()).isTrue();
            assertThat(idle.isConnected()).isTrue();
        }
    }

    @Test
    void a_client_that_sends_nothing_is_dropped_after_the_request_timeout() throws IOException {
        server = ControlServer.start(controlDir, config, actions, log::add, Duration.ofMillis(200));
        try (SocketChannel idle = SocketChannel.open(UnixDomainSocketAddress.of(server.socketPath()))) {
            int read = idle.read(ByteBuffer.allocate(16)); // blocks until the server hangs up

            assertThat(read).isEqualTo(-1);
        }
        assertThat(actions.calls).isEmpty();
        assertThat(log).anySatisfy(line -> assertThat(line).contains("dropped a client that sent nothing"));
    }

    @Test
    void refuses_an_existing_directory_that_others_may_enter() throws IOException {
        Files.createDirectory(controlDir, PosixFilePermissions.asFileAttribute(
            PosixFilePermissions.fromString("rwxr-xr-x")));
        Files.setPosixFilePermissions(controlDir, PosixFilePermissions.fromString("rwxr-xr-x"));

        assertThatThrownBy(() -> ControlServer.start(controlDir, config, actions, log::add))
            .isInstanceOf(IOException.class)
            .hasMessage("control directory " + controlDir + " is open to others (rwxr-xr-x): it must be owner-only"
                + " (rwx------); run chmod 700 " + controlDir + " or remove it");
        assertThat(controlDir).isEmptyDirectory();
    }

    private static String exchange(Path socket, String request) throws IOException {
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            channel.write(ByteBuffer.wrap((request + "\n").getBytes(StandardCharsets.UTF_8)));
            channel.shutdownOutput();
            return new String(readAll(channel), StandardCharsets.UTF_8);
        }
    }

    private static byte[] readAll(SocketChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        while (channel.read(buffer) >= 0) {
            if (!buffer.hasRemaining()) {
                break;
            }
        }
        buffer.flip();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }
}
