package io.jtunnel.app.service;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Installs and drives jtunnel as an operating-system service: systemd units on Linux, a procrun service on Windows.
 * Names are checked by the caller ({@link ServiceNames}); a missing configuration file means the service's default.
 */
public interface ServiceManager {
    /** The service name used unless one is given; stunnel's is {@code stunnel}. */
    String DEFAULT_NAME = "jtunnel";

    ServiceResult install(String name, Optional<Path> configFile);

    ServiceResult uninstall(String name);

    ServiceResult start(String name);

    ServiceResult stop(String name);

    /** Reads the configuration again without a restart; a bad one leaves the running one in force. */
    ServiceResult reload(String name, Optional<Path> configFile);

    /** Closes and reopens the log file (after it was rotated). */
    ServiceResult reopen(String name, Optional<Path> configFile);

    /** Ends the running tunnel, as stunnel's {@code -exit} does. */
    ServiceResult exit(String name, Optional<Path> configFile);

    /** Says whether the service runs; ok only when it does. */
    ServiceResult status(String name);
}
