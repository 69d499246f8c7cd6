package io.jtunnel.app.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** systemctl command lines and drop-in files, with a temporary unit directory and recorded commands. */
class SystemdServiceManagerTest {
    private static final String LAUNCHER = "/opt/jtunnel/bin/jtunnel";

    @TempDir
    Path temp;

    private final RecordingRunner runner = new RecordingRunner();

    private SystemdServiceManager manager() {
        return new SystemdServiceManager(temp.resolve("systemd"), LAUNCHER, runner);
    }

    @Test
    void default_name_is_the_jtunnel_unit_and_other_names_are_template_instances() {
        assertThat(SystemdServiceManager.unit("jtunnel")).isEqualTo("jtunnel.service");
        assertThat(SystemdServiceManager.unit("ldap")).isEqualTo("jtunnel@ldap.service");
        assertThat(SystemdServiceManager.defaultConfig("jtunnel")).isEqualTo(Path.of("/etc/jtunnel/jtunnel.conf"));
        assertThat(SystemdServiceManager.defaultConfig("ldap")).isEqualTo(Path.of("/etc/stunnel/ldap.conf"));
    }

    @Test
    void install_without_a_file_enables_the_unit_and_writes_no_drop_in() {
        ServiceResult result = manager().install("jtunnel", Optional.empty());

        assertThat(result.ok()).isTrue();
        assertThat(runner.commands).containsExactly(List.of("systemctl", "daemon-reload"),
            List.of("systemctl", "enable", "jtunnel.service"));
        assertThat(temp.resolve("systemd")).doesNotExist();
        assertThat(result.lines()).last().isEqualTo("Service jtunnel.service installed and enabled; start it with:"
            + " jtunnel service start");
    }

    @Test
    void install_with_another_file_writes_a_drop_in_that_replaces_exec_start() throws IOException {
        Path config = Files.writeString(temp.resolve("my tunnels.conf"), "");

        ServiceResult result = manager().install("ldap", Optional.of(config));

        Path dropIn = temp.resolve("systemd/jtunnel@ldap.service.d/jtunnel-config.conf");
        assertThat(result.ok()).isTrue();
        assertThat(dropIn).hasContent("""
            # Written by "jtunnel service install": run with another configuration file
            [Service]
            ExecStart=
            ExecStart=/opt/jtunnel/bin/jtunnel "%s"
            """.formatted(config));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dropIn))).isEqualTo("rw-r--r--");
        assertThat(runner.commands).containsExactly(List.of("systemctl", "daemon-reload"),
            List.of("systemctl", "enable", "jtunnel@ldap.service"));
        assertThat(result.lines()).first().isEqualTo("Wrote " + dropIn + ": jtunnel@ldap.service runs " + config);
    }

    @Test
    void install_without_a_file_again_removes_the_old_drop_in() throws IOException {
        Path config = Files.writeString(temp.resolve("a.conf"), "");
        SystemdServiceManager manager = manager();
        manager.install("jtunnel", Optional.of(config));
        Path dropIn = manager.dropIn("jtunnel");
        assertThat(dropIn).exists();

        ServiceResult result = manager.install("jtunnel", Optional.empty());

        assertThat(result.ok()).isTrue();
        assertThat(dropIn).doesNotExist();
        assertThat(result.lines()).first().isEqualTo("Removed " + dropIn + ": jtunnel.service runs"
            + " /etc/jtunnel/jtunnel.conf again");
    }

    @Test
    void install_with_a_missing_file_runs_nothing() {
        Path missing = temp.resolve("missing.conf");

        ServiceResult result = manager().install("jtunnel", Optional.of(missing));

        assertThat(result).isEqualTo(ServiceResult.failed("configuration file " + missing + " does not exist"));
        assertThat(runner.commands).isEmpty();
    }

    @Test
    void install_stops_when_systemctl_fails() throws IOException {
        runner.answer(0, "").answer(1, "Failed to enable unit: Unit file jtunnel.service does not exist.\n");

        ServiceResult result = manager().install("jtunnel", Optional.empty());

        assertThat(result.ok()).isFalse();
        assertThat(result.lines()).contains("Failed to enable unit: Unit file jtunnel.service does not exist.",
            "systemctl enable jtunnel.service failed (exit code 1)");
    }

    @Test
    void uninstall_disables_and_stops_the_unit_and_removes_jtunnels_drop_in() throws IOException {
        Path config = Files.writeString(temp.resolve("a.conf"), "");
        SystemdServiceManager manager = manager();
        manager.install("ldap", Optional.of(config));
        Path dropIn = manager.dropIn("ldap");
        runner.commands.clear();

        ServiceResult result = manager.uninstall("ldap");

        assertThat(result.ok()).isTrue();
        assertThat(dropIn).doesNotExist();
        assertThat(dropIn.getParent()).doesNotExist();
        assertThat(runner.commands).containsExactly(List.of("systemctl", "disable", "--now", "jtunnel@ldap.service"),
            List.of("systemctl", "daemon-reload"));
    }

    @Test
    void uninstall_keeps_the_administrators_own_drop_ins() throws IOException {
        Path config = Files.writeString(temp.resolve("a.conf"), "");
        SystemdServiceManager manager = manager();
        manager.install("jtunnel", Optional.of(config));
        Path own = Files.writeString(manager.dropIn("jtunnel").resolveSibling("limits.conf"), "[Service]\n");

        manager.uninstall("jtunnel");

        assertThat(own).exists();
        assertThat(manager.dropIn("jtunnel")).doesNotExist();
    }

    @Test
    void start_stop_reload_reopen_and_exit_are_systemctl_commands() {
        SystemdServiceManager manager = manager();

        manager.start("jtunnel");
        manager.stop("ldap");
        manager.reload("jtunnel", Optional.empty());
        manager.reopen("ldap", Optional.empty());
        manager.exit("jtunnel", Optional.empty());

        assertThat(runner.commands).containsExactly(
            List.of("systemctl", "start", "jtunnel.service"),
            List.of("systemctl", "stop", "jtunnel@ldap.service"),
            List.of("systemctl", "reload", "jtunnel.service"),
            List.of("systemctl", "kill", "-s", "USR1", "--kill-who=main", "jtunnel@ldap.service"),
            List.of("systemctl", "stop", "jtunnel.service"));
    }

    @Test
    void status_is_ok_only_while_the_unit_is_active() {
        runner.answer(0, "● jtunnel.service - jtunnel\n     Active: active (running)\n")
            .answer(3, "○ jtunnel.service - jtunnel\n     Active: inactive (dead)\n")
            .answer(4, "Unit jtunnel@x.service could not be found.\n");
        SystemdServiceManager manager = manager();

        assertThat(manager.status("jtunnel").ok()).isTrue();
        assertThat(manager.status("jtunnel").lines()).last().isEqualTo("Service jtunnel.service is not running");
        assertThat(manager.status("x").lines()).last().isEqualTo("No unit jtunnel@x.service: install the jtunnel"
            + " package, which brings jtunnel.service and jtunnel@.service");
        assertThat(runner.commands).first().isEqualTo(List.of("systemctl", "status", "jtunnel.service"));
    }

    @Test
    void a_failing_systemctl_is_shown_with_its_output() {
        runner.answer(1, "Failed to start jtunnel.service: Access denied\n");

        ServiceResult result = manager().start("jtunnel");

        assertThat(result).isEqualTo(ServiceResult.failed("Failed to start jtunnel.service: Access denied",
            "systemctl start jtunnel.service failed (exit code 1)"));
    }

    @Test
    void no_systemctl_is_a_clear_failure() {
        runner.failWith(new IOException("Cannot run program \"systemctl\": error=2, No such file or directory"));

        assertThat(manager().stop("jtunnel").lines()).containsExactly("cannot run systemctl (jtunnel service needs"
            + " systemd): Cannot run program \"systemctl\": error=2, No such file or directory");
    }

    @Test
    void exec_arguments_are_quoted_as_systemd_reads_them() {
        assertThat(SystemdServiceManager.execArgument("/etc/stunnel/a.conf")).isEqualTo("/etc/stunnel/a.conf");
        assertThat(SystemdServiceManager.execArgument("/srv/my tunnels/a.conf"))
            .isEqualTo("\"/srv/my tunnels/a.conf\"");
        assertThat(SystemdServiceManager.execArgument("/srv/100%/$HOME.conf")).isEqualTo("/srv/100%%/$$HOME.conf");
        assertThat(SystemdServiceManager.execArgument("/srv/a\"b\\c.conf")).isEqualTo("\"/srv/a\\\"b\\\\c.conf\"");
        assertThatThrownBy(() -> SystemdServiceManager.execArgument("/srv/a\nb.conf"))
            .isInstanceOf(IllegalArgumentException.class);
    }
}
