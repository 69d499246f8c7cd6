package io.jtunnel.app;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * How this process runs the tunnel, from the command line and the environment rather than from stunnel.conf.
 *
 * @param syslogSocket the local syslog socket ({@code /dev/log})
 * @param drainTimeout how long TERM/INT wait for open connections to end; zero ends them at once, as stunnel does
 * @param controlDir where the control socket for {@code reload}/{@code reopen}/{@code exit} is made, if anywhere
 * @param outputDefault the log file used when the configuration sets no {@code output} (the Windows service's)
 * @param environment the process environment ({@code NOTIFY_SOCKET} for systemd)
 */
record RunSettings(Path syslogSocket, Duration drainTimeout, Optional<Path> controlDir, Optional<String> outputDefault,
                   Map<String, String> environment) {
    /** The defaults, as text for picocli's annotations. */
    static final String DEFAULT_SYSLOG_SOCKET = "/dev/log";
    static final String DEFAULT_DRAIN_SECONDS = "30";
    static final Duration DEFAULT_DRAIN = Duration.ofSeconds(Long.parseLong(DEFAULT_DRAIN_SECONDS));

    RunSettings {
        if (drainTimeout.isNegative()) {
            throw new IllegalArgumentException("drain timeout must not be negative: " + drainTimeout);
        }
        environment = Map.copyOf(environment);
    }

    /** Every command-line option at its default: what {@code jtunnel FILE} runs with. */
    static RunSettings defaults(Map<String, String> environment) {
        return new RunSettings(Path.of(DEFAULT_SYSLOG_SOCKET), DEFAULT_DRAIN, Optional.empty(), Optional.empty(),
            environment);
    }
}
