package io.jtunnel.app.service;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * What differs between Linux and Windows for the command line: the default configuration file, whether
 * {@code /install}-style switches exist, and the service manager. Chosen once from {@code os.name}; the rest of the
 * code asks this instead of the operating system.
 */
public interface Platform {
    /** The platform this JVM runs on. */
    static Platform current() {
        return CurrentPlatform.INSTANCE;
    }

    /** The platform the given system properties describe ({@code os.name}, {@code jtunnel.home}, {@code java.home}). */
    static Platform of(UnaryOperator<String> systemProperties) {
        String os = Optional.ofNullable(systemProperties.apply("os.name")).orElse("");
        if (os.startsWith("Windows")) {
            return new WindowsPlatform(Optional.ofNullable(systemProperties.apply("jtunnel.home")),
                systemProperties.apply("java.home"));
        }
        return new LinuxPlatform();
    }

    /** The configuration file used when none is named. */
    Path defaultConfig();

    /** Whether stunnel's switches may also start with '/' ({@code /install}); on Linux that is a path. */
    boolean slashSwitches();

    /**
     * The service manager of this platform, running external commands through {@code runner}.
     *
     * @throws ServiceException when services cannot be managed here (say, the install folder is unknown)
     */
    ServiceManager serviceManager(CommandRunner runner) throws ServiceException;
}
