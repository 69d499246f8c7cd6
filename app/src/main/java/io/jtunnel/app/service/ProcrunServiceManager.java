package io.jtunnel.app.service;

import io.jtunnel.app.control.ControlException;
import io.jtunnel.app.control.ControlReply;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Windows: a service run by Apache Commons Daemon procrun ({@code bin\prunsrv.exe}) in jvm mode, which loads
 * jvm.dll into its own process and calls {@link WindowsServiceEntry}. Reload, reopen and exit go through the running
 * service's control socket, with no restart.
 */
public final class ProcrunServiceManager implements ServiceManager {
    /** stunnel's display name is "Stunnel TLS wrapper". */
    static final String DISPLAY_NAME = "jtunnel TLS wrapper";
    /**
     * The launcher's JVM options, plus -Xrs, procrun's default JvmOptions that setting them replaces (the JVM then
     * leaves console events to procrun).
     */
    static final List<String> JVM_OPTIONS = List.of("-Xrs", "-XX:+UseSerialGC", "-Xms16m", "-Xmx512m",
        "-XX:-ShrinkHeapInSteps", "-XX:+ExitOnOutOfMemoryError");
    /** Longer than jtunnel's default 30 s drain of open connections. */
    static final int STOP_TIMEOUT_SECONDS = 45;
    /** procrun splits StartParams, StopParams and JvmOptions at these, and drops single quotes. */
    private static final String PROCRUN_SPECIAL = ";#'";
    private static final Pattern SC_STATE = Pattern.compile("STATE\\s*:\\s*(\\d+)\\s+(\\w+)");
    private static final int SC_NOT_INSTALLED = 1060;

    private final WindowsInstall install;
    private final CommandRunner runner;
    private final ControlSender control;
    private final Function<Path, String> absolute;

    /**
     * @param absolute makes a configuration path given on the command line absolute
     */
    ProcrunServiceManager(WindowsInstall install, CommandRunner runner, ControlSender control,
            Function<Path, String> absolute) {
        this.install = install;
        this.runner = runner;
        this.control = control;
        this.absolute = absolute;
    }

    @Override
    public ServiceResult install(String name, Optional<Path> configFile) {
        String config = configFile.map(absolute).orElse(install.defaultConfig());
        Optional<String> unusable = procrunProblem("install folder", install.home())
            .or(() -> procrunProblem("configuration file path", config));
        if (unusable.isPresent()) {
            return ServiceResult.failed(unusable.get());
        }
        if (!install.exists(config)) {
            return ServiceResult.failed("configuration file " + config + " does not exist: write it first (stunnel.conf"
                + " syntax), or name another with -c FILE");
        }
        if (!install.exists(install.prunsrv())) {
            return ServiceResult.failed(install.prunsrv() + " is missing: unpack the whole jtunnel zip again");
        }
        Optional<String> jvm = install.jvm();
        if (jvm.isEmpty()) {
            return ServiceResult.failed("no Java runtime for the service: neither " + install.bundledJvm() + " nor "
                + install.currentJvm() + " exists; use the zip with the bundled runtime, or run this command with"
                + " Java 17 or later");
        }
        return prunsrv(installCommand(name, config, jvm.get()), name, "Service " + name + " installed: it starts"
            + " with Windows and runs " + config, "Start it now with: jtunnel service start" + nameOption(name));
    }

    /** The //IS// command line, one argument each (ProcessBuilder quotes those with spaces). */
    List<String> installCommand(String name, String config, String jvm) {
        List<String> command = new ArrayList<>(List.of(
            install.prunsrv(),
            "//IS//" + name,
            "--DisplayName=" + (DEFAULT_NAME.equals(name) ? DISPLAY_NAME : DISPLAY_NAME + " (" + name + ")"),
            "--Description=TLS tunnels described by " + config + " (jtunnel, a drop-in replacement for stunnel)",
            "--Install=" + install.prunsrv(),
            "--Startup=auto",
            "--DependsOn=Tcpip",
            // as stunnel's service; procrun's own default, LocalService, may not write logs\ and run\ nor read keys
            "--ServiceUser=LocalSystem",
            "--Jvm=" + jvm,
            "--Classpath=" + install.jar(),
            "--JvmOptions=-Djtunnel.home=" + install.home()));
        JVM_OPTIONS.forEach(option -> command.add("++JvmOptions=" + option));
        command.addAll(List.of(
            // stunnel's service works in <install folder>\config: relative paths in stunnel.conf mean the same
            "--StartPath=" + install.configDir(),
            "--StartMode=jvm",
            "--StartClass=" + WindowsServiceEntry.class.getName(),
            "--StartMethod=start",
            "--StartParams=" + String.join(";", "--control-dir", install.controlDir(), "--output-default",
                install.logFile(), "-c", config),
            "--StopMode=jvm",
            "--StopClass=" + WindowsServiceEntry.class.getName(),
            "--StopMethod=stop",
            "--StopParams=" + String.join(";", "--control-dir", install.controlDir(), "-c", config),
            "--StopTimeout=" + STOP_TIMEOUT_SECONDS,
            "--LogPath=" + install.logs(),
            "--LogPrefix=jtunnel-service",
            "--StdOutput=auto",
            "--StdError=auto"));
        return command;
    }

    @Override
    public ServiceResult uninstall(String name) {
        return prunsrv(List.of(install.prunsrv(), "//DS//" + name), name, "Service " + name + " uninstalled");
    }

    @Override
    public ServiceResult start(String name) {
        return prunsrv(List.of(install.prunsrv(), "//ES//" + name), name, "Service " + name + " started");
    }

    @Override
    public ServiceResult stop(String name) {
        return prunsrv(List.of(install.prunsrv(), "//SS//" + name), name, "Service " + name + " stopped");
    }

    @Override
    public ServiceResult reload(String name, Optional<Path> configFile) {
        return request(configFile, "reload", "Configuration reloaded");
    }

    @Override
    public ServiceResult reopen(String name, Optional<Path> configFile) {
        return request(configFile, "reopen", "Log file reopened");
    }

    @Override
    public ServiceResult exit(String name, Optional<Path> configFile) {
        return request(configFile, "exit", "jtunnel is terminating");
    }

    @Override
    public ServiceResult status(String name) {
        CommandRunner.Result result;
        try {
            result = runner.run(List.of("sc.exe", "query", name));
        } catch (IOException e) {
            return ServiceResult.failed("cannot run sc.exe: " + e.getMessage());
        }
        if (result.exitCode() == SC_NOT_INSTALLED) {
            return ServiceResult.failed("Service " + name + " is not installed (jtunnel service install)");
        }
        Matcher state = SC_STATE.matcher(result.output());
        if (result.exitCode() != 0 || !state.find()) {
            return ServiceResult.failed(result.lines(), "sc.exe query " + name + " failed (exit code "
                + result.exitCode() + ")");
        }
        boolean running = state.group(1).equals("4");
        return new ServiceResult(running, List.of("Service " + name + ": " + state.group(2)));
    }

    private ServiceResult request(Optional<Path> configFile, String command, String done) {
        Path config = configFile.orElse(Path.of(install.defaultConfig()));
        try {
            ControlReply reply = control.send(Path.of(install.controlDir()), config, command);
            if (reply.ok()) {
                return new ServiceResult(true, reply.lines().isEmpty() ? List.of(done) : reply.lines());
            }
            return ServiceResult.failed(reply.lines(), "Request failed");
        } catch (ControlException e) {
            return ServiceResult.failed(e.getMessage());
        }
    }

    private ServiceResult prunsrv(List<String> command, String name, String... success) {
        CommandRunner.Result result;
        try {
            result = runner.run(command);
        } catch (IOException e) {
            return ServiceResult.failed("cannot run " + command.get(0) + ": " + e.getMessage());
        }
        if (result.exitCode() == 0) {
            return ServiceResult.ok(result.lines(), success);
        }
        return ServiceResult.failed(result.lines(), prunsrvFailure(result.exitCode(), name),
            "Service commands need a command prompt run as administrator; the service logs to " + install.logs());
    }

    /** prunsrv's exit codes, from its main(): 1 and 2 for the command line and configuration, 5-9 per command. */
    static String prunsrvFailure(int exitCode, String name) {
        String what = switch (exitCode) {
            case 1 -> "could not parse its command line";
            case 2 -> "could not load the configuration of service " + name + " (is it installed?)";
            case 5 -> "failed to start service " + name;
            case 6 -> "failed to stop service " + name;
            case 7 -> "failed to update service " + name;
            case 8 -> "failed to install service " + name + " (is it installed already? jtunnel service uninstall"
                + nameOption(name) + ")";
            case 9 -> "failed to delete service " + name;
            default -> "failed on service " + name;
        };
        return "prunsrv " + what + " (exit code " + exitCode + ")";
    }

    /** procrun's lists split at ';' and '#' and drop "'": a path with one of them cannot be passed. */
    static Optional<String> procrunProblem(String what, String path) {
        for (char c : PROCRUN_SPECIAL.toCharArray()) {
            if (path.indexOf(c) >= 0) {
                return Optional.of("the " + what + " " + path + " contains '" + c + "', which procrun (the Windows"
                    + " service runner) cannot pass on: use a path without ';', '#' or \"'\"");
            }
        }
        return Optional.empty();
    }

    private static String nameOption(String name) {
        return DEFAULT_NAME.equals(name) ? "" : " --name " + name;
    }
}
