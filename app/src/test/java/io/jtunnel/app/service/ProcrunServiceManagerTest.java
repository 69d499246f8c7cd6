package io.jtunnel.app.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.jtunnel.app.control.ControlException;
import io.jtunnel.app.control.ControlReply;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The prunsrv and sc.exe command lines for a Windows install, built and checked without Windows. */
class ProcrunServiceManagerTest {
    private static final String HOME = "C:\\Program Files\\jtunnel";
    private static final String CONFIG = HOME + "\\config\\stunnel.conf";
    private static final String PRUNSRV = HOME + "\\bin\\prunsrv.exe";
    private static final String JDK = "C:\\Java\\jdk-17";
    private static final String JDK_JVM = JDK + "\\bin\\server\\jvm.dll";
    private static final String BUNDLED_JVM = HOME + "\\runtime\\bin\\server\\jvm.dll";

    private final RecordingRunner runner = new RecordingRunner();
    private final Set<String> files = new HashSet<>(Set.of(PRUNSRV, CONFIG, JDK_JVM));
    private final List<String> sent = new ArrayList<>();
    private ControlReply controlReply = ControlReply.success();
    private ControlException controlFailure;

    private ProcrunServiceManager manager() {
        ControlSender sender = (dir, config, command) -> {
            sent.add(dir + " | " + config + " | " + command);
            if (controlFailure != null) {
                throw controlFailure;
            }
            return controlReply;
        };
        return new ProcrunServiceManager(new WindowsInstall(HOME, JDK, files::contains), runner, sender,
            Path::toString);
    }

    @Test
    void install_runs_prunsrv_in_jvm_mode_with_the_tunnel_arguments() {
        ServiceResult result = manager().install("jtunnel", Optional.empty());

        assertThat(result.ok()).isTrue();
        assertThat(runner.commands).containsExactly(List.of(
            PRUNSRV,
            "//IS//jtunnel",
            "--DisplayName=jtunnel TLS wrapper",
            "--Description=TLS tunnels described by " + CONFIG + " (jtunnel, a drop-in replacement for stunnel)",
            "--Install=" + PRUNSRV,
            "--Startup=auto",
            "--DependsOn=Tcpip",
            "--ServiceUser=LocalSystem",
            "--Jvm=" + JDK_JVM,
            "--Classpath=C:\\Program Files\\jtunnel\\lib\\jtunnel.jar",
            "--JvmOptions=-Djtunnel.home=C:\\Program Files\\jtunnel",
            "++JvmOptions=-Xrs",
            "++JvmOptions=-XX:+UseSerialGC",
            "++JvmOptions=-Xms16m",
            "++JvmOptions=-Xmx512m",
            "++JvmOptions=-XX:-ShrinkHeapInSteps",
            "++JvmOptions=-XX:+ExitOnOutOfMemoryError",
            "--StartPath=C:\\Program Files\\jtunnel\\config",
            "--StartMode=jvm",
            "--StartClass=io.jtunnel.app.service.WindowsServiceEntry",
            "--StartMethod=start",
            "--StartParams=--control-dir;C:\\Program Files\\jtunnel\\run;--output-default;"
                + "C:\\Program Files\\jtunnel\\logs\\jtunnel.log;-c;" + CONFIG,
            "--StopMode=jvm",
            "--StopClass=io.jtunnel.app.service.WindowsServiceEntry",
            "--StopMethod=stop",
            "--StopParams=--control-dir;C:\\Program Files\\jtunnel\\run;-c;" + CONFIG,
            "--StopTimeout=45",
            "--LogPath=C:\\Program Files\\jtunnel\\logs",
            "--LogPrefix=jtunnel-service",
            "--StdOutput=auto",
            "--StdError=auto"));
        assertThat(result.lines()).containsExactly(
            "Service jtunnel installed: it starts with Windows and runs " + CONFIG,
            "Start it now with: jtunnel service start");
    }

    @Test
    void install_prefers_the_bundled_runtime() {
        files.add(BUNDLED_JVM);

        manager().install("jtunnel", Optional.empty());

        assertThat(runner.commands.get(0)).contains("--Jvm=" + BUNDLED_JVM).doesNotContain("--Jvm=" + JDK_JVM);
    }

    @Test
    void install_with_another_name_and_configuration() {
        String other = "D:\\tunnels\\ldap.conf";
        files.add(other);

        manager().install("ldap", Optional.of(Path.of(other)));

        assertThat(runner.commands.get(0)).contains("//IS//ldap", "--DisplayName=jtunnel TLS wrapper (ldap)",
            "--StartParams=--control-dir;C:\\Program Files\\jtunnel\\run;--output-default;"
                + "C:\\Program Files\\jtunnel\\logs\\jtunnel.log;-c;" + other,
            "--StopParams=--control-dir;C:\\Program Files\\jtunnel\\run;-c;" + other);
    }

    @Test
    void install_refuses_a_path_procrun_would_split() {
        String split = "C:\\tunnels;old\\stunnel.conf";
        files.add(split);

        ServiceResult result = manager().install("jtunnel", Optional.of(Path.of(split)));

        assertThat(result.ok()).isFalse();
        assertThat(result.lines()).containsExactly("the configuration file path " + split + " contains ';', which"
            + " procrun (the Windows service runner) cannot pass on: use a path without ';', '#' or \"'\"");
        assertThat(runner.commands).isEmpty();
    }

    @Test
    void install_refuses_an_install_folder_with_a_quote() {
        ProcrunServiceManager manager = new ProcrunServiceManager(new WindowsInstall("C:\\O'Brien\\jtunnel", JDK,
            file -> true), runner, (dir, config, command) -> ControlReply.success(), Path::toString);

        ServiceResult result = manager.install("jtunnel", Optional.empty());

        assertThat(result.ok()).isFalse();
        assertThat(result.lines().get(0)).startsWith("the install folder C:\\O'Brien\\jtunnel contains '''");
    }

    @Test
    void install_needs_the_configuration_file() {
        files.remove(CONFIG);

        ServiceResult result = manager().install("jtunnel", Optional.empty());

        assertThat(result.lines()).containsExactly("configuration file " + CONFIG + " does not exist: write it first"
            + " (stunnel.conf syntax), or name another with -c FILE");
        assertThat(runner.commands).isEmpty();
    }

    @Test
    void install_needs_a_java_runtime() {
        files.remove(JDK_JVM);

        ServiceResult result = manager().install("jtunnel", Optional.empty());

        assertThat(result.ok()).isFalse();
        assertThat(result.lines().get(0)).startsWith("no Java runtime for the service: neither " + BUNDLED_JVM
            + " nor " + JDK_JVM + " exists");
    }

    @Test
    void install_needs_prunsrv() {
        files.remove(PRUNSRV);

        assertThat(manager().install("jtunnel", Optional.empty()).lines())
            .containsExactly(PRUNSRV + " is missing: unpack the whole jtunnel zip again");
    }

    @Test
    void a_failed_install_shows_prunsrvs_output_and_explains_its_exit_code() {
        runner.answer(8, "Failed to install service.\n");

        ServiceResult result = manager().install("jtunnel", Optional.empty());

        assertThat(result.ok()).isFalse();
        assertThat(result.lines()).containsExactly("Failed to install service.",
            "prunsrv failed to install service jtunnel (is it installed already? jtunnel service uninstall)"
                + " (exit code 8)",
            "Service commands need a command prompt run as administrator; the service logs to " + HOME + "\\logs");
    }

    @Test
    void uninstall_start_and_stop_are_prunsrv_commands() {
        ProcrunServiceManager manager = manager();

        assertThat(manager.uninstall("jtunnel").lines()).containsExactly("Service jtunnel uninstalled");
        assertThat(manager.start("jtunnel").lines()).containsExactly("Service jtunnel started");
        assertThat(manager.stop("jtunnel").lines()).containsExactly("Service jtunnel stopped");
        assertThat(runner.commands).containsExactly(List.of(PRUNSRV, "//DS//jtunnel"), List.of(PRUNSRV,
            "//ES//jtunnel"), List.of(PRUNSRV, "//SS//jtunnel"));
    }

    @Test
    void prunsrv_that_cannot_be_run_is_a_clear_failure() {
        runner.failWith(new IOException("CreateProcess error=2, The system cannot find the file specified"));

        assertThat(manager().start("jtunnel").lines()).containsExactly("cannot run " + PRUNSRV + ": CreateProcess"
            + " error=2, The system cannot find the file specified");
    }

    @Test
    void prunsrv_exit_codes_are_named() {
        assertThat(ProcrunServiceManager.prunsrvFailure(5, "jtunnel"))
            .isEqualTo("prunsrv failed to start service jtunnel (exit code 5)");
        assertThat(ProcrunServiceManager.prunsrvFailure(2, "x"))
            .isEqualTo("prunsrv could not load the configuration of service x (is it installed?) (exit code 2)");
        assertThat(ProcrunServiceManager.prunsrvFailure(42, "x"))
            .isEqualTo("prunsrv failed on service x (exit code 42)");
    }

    @Test
    void reload_reopen_and_exit_go_to_the_control_socket_in_the_run_folder() {
        ProcrunServiceManager manager = manager();

        assertThat(manager.reload("jtunnel", Optional.empty()).lines()).containsExactly("Configuration reloaded");
        manager.reopen("jtunnel", Optional.of(Path.of("D:\\t\\a.conf")));
        manager.exit("jtunnel", Optional.empty());

        assertThat(sent).containsExactly(
            HOME + "\\run | " + CONFIG + " | reload",
            HOME + "\\run | D:\\t\\a.conf | reopen",
            HOME + "\\run | " + CONFIG + " | exit");
        assertThat(runner.commands).isEmpty();
    }

    @Test
    void a_failed_reload_shows_the_reasons() {
        controlReply = ControlReply.error("stunnel.conf:7: TIMEOUTclose = -1: value out of range",
            "Failed to reload the configuration file");

        ServiceResult result = manager().reload("jtunnel", Optional.empty());

        assertThat(result.ok()).isFalse();
        assertThat(result.lines()).containsExactly("stunnel.conf:7: TIMEOUTclose = -1: value out of range",
            "Failed to reload the configuration file", "Request failed");
    }

    @Test
    void a_service_that_does_not_run_is_reported_as_such() {
        controlFailure = new ControlException(ControlException.Reason.NOT_RUNNING, "jtunnel is not running for "
            + CONFIG + " (no control socket " + HOME + "\\run\\0123456789abcdef.sock)");

        ServiceResult result = manager().exit("jtunnel", Optional.empty());

        assertThat(result.ok()).isFalse();
        assertThat(result.lines()).containsExactly(controlFailure.getMessage());
    }

    @Test
    void status_reads_the_state_sc_reports() {
        runner.answer(0, """
            SERVICE_NAME: jtunnel
                    TYPE               : 10  WIN32_OWN_PROCESS
                    STATE              : 4  RUNNING
                                            (STOPPABLE, NOT_PAUSABLE, ACCEPTS_SHUTDOWN)
            """).answer(0, """
            SERVICE_NAME: jtunnel
                    STATE              : 1  STOPPED
            """).answer(1060, "[SC] EnumQueryServicesStatus:OpenService FAILED 1060:\n");
        ProcrunServiceManager manager = manager();

        assertThat(manager.status("jtunnel"))
            .isEqualTo(new ServiceResult(true, List.of("Service jtunnel: RUNNING")));
        assertThat(manager.status("jtunnel")).isEqualTo(new ServiceResult(false, List.of("Service jtunnel: STOPPED")));
        assertThat(manager.status("jtunnel")).isEqualTo(new ServiceResult(false,
            List.of("Service jtunnel is not installed (jtunnel service install)")));
        assertThat(runner.commands).containsOnly(List.of("sc.exe", "query", "jtunnel"));
    }
}
