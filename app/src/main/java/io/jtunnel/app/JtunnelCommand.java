package io.jtunnel.app;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code jtunnel [-c] FILE}: run the tunnels a stunnel.conf describes, until TERM or INT. */
// the subcommands are added by Subcommands, only when the command line names one or asks for help
@Command(name = "jtunnel", versionProvider = JtunnelCommand.Version.class, sortOptions = false,
    description = "A drop-in replacement for stunnel: reads stunnel.conf and runs its TLS tunnels.")
final class JtunnelCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConfigSource config;

    @Mixin
    EngineOption engine;

    @Option(names = {"-version", "--version"}, versionHelp = true, description = "print the version and exit")
    boolean version;

    @Option(names = {"-help", "--help", "-h"}, usageHelp = true, description = "print this help and exit")
    boolean help;

    @Option(names = "--syslog-socket", hidden = true, defaultValue = RunSettings.DEFAULT_SYSLOG_SOCKET,
        description = "the local syslog socket (tests)")
    Path syslogSocket;

    @Option(names = "--drain-timeout", paramLabel = "SECONDS", defaultValue = RunSettings.DEFAULT_DRAIN_SECONDS,
        description = "on TERM/INT, let open connections finish for up to SECONDS before closing them "
            + "(default: ${DEFAULT-VALUE}; 0 closes them at once, as stunnel does)")
    long drainSeconds;

    @Option(names = "--control-dir", paramLabel = "DIR",
        description = "make a control socket in DIR (owner-only) for 'jtunnel service reload|reopen|exit' "
            + "(the Windows service's; on Linux, signals do the same)")
    Path controlDir;

    @Option(names = "--output-default", paramLabel = "FILE",
        description = "log file to use when the configuration sets no 'output' (the Windows service's)")
    String outputDefault;

    @Override
    public Integer call() {
        if (drainSeconds < 0) {
            throw new ParameterException(spec.commandLine(),
                "--drain-timeout must be 0 or more seconds, not " + drainSeconds);
        }
        return TunnelLaunch.run(spec.commandLine().getErr(), config.file(), engine.engine, settings(System.getenv()));
    }

    RunSettings settings(Map<String, String> environment) {
        return new RunSettings(syslogSocket, Duration.ofSeconds(drainSeconds), Optional.ofNullable(controlDir),
            Optional.ofNullable(outputDefault), environment);
    }

    static final class Version implements picocli.CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {VersionInfo.banner()};
        }
    }
}
