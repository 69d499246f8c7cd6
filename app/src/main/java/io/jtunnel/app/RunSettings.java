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
    static final Duration DEFAULT_DRAIN = Duration.ofSeconds(30);

    RunSettings {
        if (drainTimeout.isNegative()) {
            throw new IllegalArgumentException("drain timeout must not be negative: " + drainTimeout);
        }
        environment = Map.copyOf(environment);
    }
}
