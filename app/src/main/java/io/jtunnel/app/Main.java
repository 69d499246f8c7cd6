package io.jtunnel.app;

import io.jtunnel.app.service.Platform;
import io.jtunnel.app.service.StunnelSwitches;
import io.jtunnel.log.Log4jLevels;
import io.netty.util.internal.logging.InternalLoggerFactory;
import io.netty.util.internal.logging.Log4J2LoggerFactory;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine;

/** The jtunnel command. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /**
     * Runs the command line and returns the exit code (0 ok, 1 configuration or start-up failure, 2 usage). Public
     * for the Windows service's entry point, which runs the tunnel in procrun's JVM.
     */
    public static int execute(String... args) {
        Log4jLevels.of(io.jtunnel.log.LogLevel.NOTICE); // custom levels exist before any layout needs them
        // Netty would otherwise pick JUL silently if Log4j2 had trouble starting
        InternalLoggerFactory.setDefaultFactory(Log4J2LoggerFactory.INSTANCE);
        String[] translated;
        try {
            // stunnel's -install, -reload, ... (and /install on Windows) are "jtunnel service ..." commands
            translated = StunnelSwitches.translate(args, Platform.current().slashSwitches());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.flush();
            return 2;
        }
        Optional<Path> plainRun = TunnelLaunch.plainRunFile(translated);
        if (plainRun.isPresent()) {
            return TunnelLaunch.runPlain(plainRun.get(), System.getenv());
        }
        CommandLine commandLine = new CommandLine(new JtunnelCommand());
        // before the settings below, which apply to the subcommands present when they are made
        Subcommands.addTo(commandLine, translated);
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        // as stunnel, an unknown first word is a file name: "jtunnel -bogus" fails on that file, exit 1
        commandLine.setUnmatchedOptionsArePositionalParams(true);
        return commandLine.execute(translated);
    }
}
