package io.jtunnel.app.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The picocli commands: which manager call each makes, where the output goes, and the exit codes. */
class ServiceCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final List<String> calls = new ArrayList<>();
    private ServiceResult result = new ServiceResult(true, List.of("done"));

    private int run(ServiceCommand.ManagerSource managers, String... args) {
        CommandLine commandLine = new CommandLine(new ServiceCommand(managers));
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    private int run(String... args) {
        return run(() -> new FakeManager(), args);
    }

    @Test
    void each_subcommand_calls_its_manager_action_with_name_and_file() {
        run("install");
        run("install", "--name", "ldap", "-c", "/srv/ldap.conf");
        run("uninstall");
        run("start", "--name", "ldap");
        run("stop");
        run("reload", "--config", "/srv/a.conf");
        run("reopen");
        run("exit", "-c", "C:\\x\\stunnel.conf");
        run("status");

        assertThat(calls).containsExactly(
            "install jtunnel Optional.empty",
            "install ldap Optional[/srv/ldap.conf]",
            "uninstall jtunnel",
            "start ldap",
            "stop jtunnel",
            "reload jtunnel Optional[/srv/a.conf]",
            "reopen jtunnel Optional.empty",
            "exit jtunnel Optional[C:\\x\\stunnel.conf]",
            "status jtunnel");
    }

    @Test
    void a_file_name_that_starts_with_a_dash_is_a_file_name() {
        run("install", "--config=-bogus");
        run("reload", "--config=-x.conf");

        assertThat(calls).containsExactly("install jtunnel Optional[-bogus]", "reload jtunnel Optional[-x.conf]");
    }

    @Test
    void success_prints_to_stdout_and_exits_0() {
        int code = run("start");

        assertThat(code).isZero();
        assertThat(out.toString()).isEqualTo("done" + System.lineSeparator());
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void failure_prints_to_stderr_and_exits_1() {
        result = ServiceResult.failed("systemctl start jtunnel.service failed (exit code 1)");

        int code = run("start");

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("systemctl start jtunnel.service failed (exit code 1)");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void status_of_a_stopped_service_prints_to_stdout_and_exits_1() {
        result = ServiceResult.failed("Service jtunnel: STOPPED");

        assertThat(run("status")).isEqualTo(1);
        assertThat(out.toString()).contains("Service jtunnel: STOPPED");
    }

    @Test
    void a_name_that_cannot_be_a_service_is_refused_before_anything_runs() {
        int code = run("install", "--name", "a/b");

        assertThat(code).isEqualTo(1);
        assertThat(calls).isEmpty();
        assertThat(err.toString()).contains("invalid service name \"a/b\"");
    }

    @Test
    void a_platform_that_cannot_manage_services_says_why() {
        int code = run(() -> {
            throw new ServiceException("the jtunnel install folder is unknown");
        }, "start");

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("the jtunnel install folder is unknown");
    }

    @Test
    void no_subcommand_is_a_usage_error() {
        assertThat(run()).isEqualTo(2);
        assertThat(err.toString()).contains("Missing command: install, uninstall, start, stop, reload, reopen, exit"
            + " or status");
    }

    private final class FakeManager implements ServiceManager {
        private ServiceResult record(String call) {
            calls.add(call);
            return result;
        }

        @Override
        public ServiceResult install(String name, Optional<Path> configFile) {
            return record("install " + name + " " + configFile);
        }

        @Override
        public ServiceResult uninstall(String name) {
            return record("uninstall " + name);
        }

        @Override
        public ServiceResult start(String name) {
            return record("start " + name);
        }

        @Override
        public ServiceResult stop(String name) {
            return record("stop " + name);
        }

        @Override
        public ServiceResult reload(String name, Optional<Path> configFile) {
            return record("reload " + name + " " + configFile);
        }

        @Override
        public ServiceResult reopen(String name, Optional<Path> configFile) {
            return record("reopen " + name + " " + configFile);
        }

        @Override
        public ServiceResult exit(String name, Optional<Path> configFile) {
            return record("exit " + name + " " + configFile);
        }

        @Override
        public ServiceResult status(String name) {
            return record("status " + name);
        }
    }
}
