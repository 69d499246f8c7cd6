package io.jtunnel.app.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.jtunnel.app.control.ControlException;
import io.jtunnel.app.control.ControlReply;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** procrun's start and stop methods, with the tunnel and the control socket replaced. */
class WindowsServiceEntryTest {
    private static final String[] START = {"--control-dir", "C:\\jt\\run", "--output-default",
        "C:\\jt\\logs\\jtunnel.log", "-c", "C:\\jt\\config\\stunnel.conf"};
    private static final String[] STOP = {"--control-dir", "C:\\jt\\run", "-c", "C:\\jt\\config\\stunnel.conf"};

    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
    private final List<String> sent = new ArrayList<>();

    @Test
    void start_runs_jtunnel_with_the_service_arguments_and_returns_when_it_ends() {
        List<String> ran = new ArrayList<>();
        List<Integer> exits = new ArrayList<>();

        WindowsServiceEntry.start(START, args -> {
            ran.addAll(List.of(args));
            return 0;
        }, exits::add);

        assertThat(ran).containsExactly(START);
        assertThat(exits).isEmpty();
    }

    @Test
    void a_tunnel_that_fails_to_start_makes_the_service_fail_with_its_exit_code() {
        List<Integer> exits = new ArrayList<>();

        WindowsServiceEntry.start(START, args -> 1, exits::add);

        assertThat(exits).containsExactly(1);
    }

    @Test
    void stop_sends_exit_to_the_control_socket_of_the_configuration() {
        boolean delivered = WindowsServiceEntry.stop(STOP, (dir, config, command) -> {
            sent.add(dir + " | " + config + " | " + command);
            return ControlReply.success();
        }, Duration.ZERO, Duration.ZERO, err);

        assertThat(delivered).isTrue();
        assertThat(sent).containsExactly("C:\\jt\\run | C:\\jt\\config\\stunnel.conf | exit");
    }

    @Test
    void stop_waits_for_a_service_that_is_still_starting() {
        AtomicInteger attempts = new AtomicInteger();

        boolean delivered = WindowsServiceEntry.stop(STOP, (dir, config, command) -> {
            if (attempts.incrementAndGet() < 3) {
                throw new ControlException(ControlException.Reason.NOT_RUNNING, "not yet");
            }
            return ControlReply.success();
        }, Duration.ofSeconds(30), Duration.ofMillis(1), err);

        assertThat(delivered).isTrue();
        assertThat(attempts).hasValue(3);
    }

    @Test
    void stop_gives_up_at_once_on_other_failures_and_says_why() {
        AtomicInteger attempts = new AtomicInteger();

        boolean delivered = WindowsServiceEntry.stop(STOP, (dir, config, command) -> {
            attempts.incrementAndGet();
            throw new ControlException(ControlException.Reason.PERMISSION_DENIED, "permission denied on x");
        }, Duration.ofSeconds(30), Duration.ofMillis(1), err);

        assertThat(delivered).isFalse();
        assertThat(attempts).hasValue(1);
        assertThat(errBytes.toString(StandardCharsets.UTF_8)).isEqualTo("jtunnel service stop: permission denied"
            + " on x" + System.lineSeparator());
    }

    @Test
    void stop_gives_up_when_the_service_never_opens_its_socket() {
        boolean delivered = WindowsServiceEntry.stop(STOP, (dir, config, command) -> {
            throw new ControlException(ControlException.Reason.NOT_RUNNING, "jtunnel is not running for x");
        }, Duration.ZERO, Duration.ZERO, err);

        assertThat(delivered).isFalse();
        assertThat(errBytes.toString(StandardCharsets.UTF_8)).contains("jtunnel is not running for x");
    }

    @Test
    void stop_without_its_parameters_says_to_reinstall() {
        boolean delivered = WindowsServiceEntry.stop(new String[0], (dir, config, command) -> {
            throw new AssertionError("nothing to send");
        }, Duration.ZERO, Duration.ZERO, err);

        assertThat(delivered).isFalse();
        assertThat(errBytes.toString(StandardCharsets.UTF_8)).contains("install the service again");
    }
}
