package io.jtunnel.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** sd_notify's wire format on a real Unix datagram socket, at a path and in the abstract namespace. */
@Timeout(30)
class ServiceNotifierTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private final List<String> warnings = new ArrayList<>();

    @Test
    void ready_reloading_and_stopping_reach_the_socket_in_order() throws Exception {
        try (UnixDatagramSink socket = new UnixDatagramSink(dir.resolve("notify").toString());
             ServiceNotifier notifier = ServiceNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", socket.name()),
                 warnings::add)) {
            notifier.ready("2 service(s)\naccepting");
            notifier.reloading();
            notifier.stopping("Draining 1 connection(s)");

            assertThat(socket.next(WAIT)).isEqualTo("READY=1\nSTATUS=2 service(s) accepting");
            assertThat(socket.next(WAIT)).matches("RELOADING=1\nSTATUS=Reloading the configuration\n"
                + "MONOTONIC_USEC=\\d+");
            assertThat(socket.next(WAIT)).isEqualTo("STOPPING=1\nSTATUS=Draining 1 connection(s)");
        }
        assertThat(warnings).isEmpty();
    }

    @Test
    void abstract_socket_names_start_with_at() throws Exception {
        String name = "@jtunnel-notify-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        try (UnixDatagramSink socket = new UnixDatagramSink(name);
             ServiceNotifier notifier = ServiceNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", name),
                 warnings::add)) {
            notifier.ready("up");

            assertThat(socket.next(WAIT)).isEqualTo("READY=1\nSTATUS=up");
        }
    }

    @Test
    void no_notify_socket_means_nobody_is_told_and_nothing_is_said() {
        try (ServiceNotifier notifier = ServiceNotifier.fromEnvironment(Map.of(), warnings::add)) {
            notifier.ready("up");
        }
        assertThat(warnings).isEmpty();
    }

    @Test
    void an_unusable_notify_socket_is_a_warning_not_a_failure() {
        try (ServiceNotifier notifier = ServiceNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", "relative/path"),
            warnings::add)) {
            notifier.ready("up");
        }
        assertThat(warnings).singleElement().asString()
            .contains("NOTIFY_SOCKET=relative/path").contains("not an absolute path");
    }

    @Test
    void a_socket_nobody_listens_on_gives_a_warning_per_message() {
        try (ServiceNotifier notifier = ServiceNotifier.fromEnvironment(
            Map.of("NOTIFY_SOCKET", dir.resolve("gone").toString()), warnings::add)) {
            notifier.ready("up");
        }
        assertThat(warnings).singleElement().asString().startsWith("Cannot notify systemd: ");
    }
}
