package io.jtunnel.app;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jtunnel [-c] FILE}: run the tunnels a stunnel.conf describes, until TERM or INT. */
@Command(name = "jtunnel", versionProvider = JtunnelCommand.Version.class, sortOptions = false,
    subcommands = {CheckCommand.class, OptionsCommand.class, GencertCommand.class, CertCommand.class},
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

    @Option(names = "--syslog-socket", hidden = true, defaultValue = "/dev/log",
        description = "the local syslog socket (tests)")
    Path syslogSocket;

    @Override
    public Integer call() {
        return new TunnelRunner(spec.commandLine().getErr(), new ConsolePassphrases(), syslogSocket)
            .run(config.file(), engine.engine);
    }

    static final class Version implements picocli.CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {VersionInfo.banner()};
        }
    }
}
