package io.jtunnel.app.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the client says when it cannot deliver a request. */
class ControlClientTest {
    @TempDir
    Path temp;

    @Test
    void no_socket_means_not_running_and_names_the_configuration_and_socket() throws IOException {
        Path config = Files.writeString(temp.resolve("stunnel.conf"), "");
        Path socket = ControlSocketPath.of(temp, config);

        assertThatThrownBy(() -> ControlClient.send(temp, config, "reload"))
            .isInstanceOf(ControlException.class)
            .hasMessage("jtunnel is not running for " + config + " (no control socket " + socket + ")");
    }

    @Test
    void a_socket_nobody_listens_on_means_not_running() throws IOException {
        Path config = Files.writeString(temp.resolve("stunnel.conf"), "");
        Path socket = ControlSocketPath.of(temp, config);
        try (ServerSocketChannel gone = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            gone.bind(UnixDomainSocketAddress.of(socket));
        }

        assertThatThrownBy(() -> ControlClient.send(temp, config, "exit"))
            .isInstanceOf(ControlException.class)
            .hasMessage("jtunnel is not running for " + config + " (nobody answers on control socket " + socket + ")")
            .extracting(e -> ((ControlException) e).reason()).isEqualTo(ControlException.Reason.NOT_RUNNING);
    }

    @Test
    void permission_denied_says_who_may_control_the_service() {
        Path socket = Path.of("/run/jtunnel/0123456789abcdef.sock");

        ControlException e = ControlClient.connectFailed(new BindException("Permission denied"), socket,
            Path.of("/etc/jtunnel/jtunnel.conf"));

        assertThat(e.reason()).isEqualTo(ControlException.Reason.PERMISSION_DENIED);
        assertThat(e).hasMessage("permission denied on control socket " + socket + ": only administrators and the"
            + " account the jtunnel service runs as may control it (on Windows, use a command prompt run as"
            + " administrator)");
    }

    @Test
    void connection_refused_is_not_running() {
        ControlException e = ControlClient.connectFailed(new ConnectException("Connection refused"),
            Path.of("/run/x.sock"), Path.of("/etc/x.conf"));

        assertThat(e.reason()).isEqualTo(ControlException.Reason.NOT_RUNNING);
    }

    @Test
    void a_command_is_one_line() {
        assertThatThrownBy(() -> ControlClient.send(temp, temp.resolve("x.conf"), "reload\nexit"))
            .isInstanceOf(IllegalArgumentException.class);
    }
}
