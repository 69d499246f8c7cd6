package io.jtunnel.app.service;

import java.util.Optional;
import java.util.function.Predicate;

/**
 * The layout of the Windows zip under {@code <home>} (the jtunnel.home the launcher sets): {@code bin\prunsrv.exe},
 * {@code lib\jtunnel.jar}, {@code config\stunnel.conf}, {@code logs\}, {@code run\} (control sockets) and, when
 * bundled, {@code runtime\} (a jlink Java runtime).
 */
final class WindowsInstall {
    private final String home;
    private final String javaHome;
    private final Predicate<String> fileExists;

    /**
     * @param home       the install folder
     * @param javaHome   the Java runtime running this command, used when no runtime is bundled
     * @param fileExists whether a file exists (tests pass a fake)
     */
    WindowsInstall(String home, String javaHome, Predicate<String> fileExists) {
        this.home = home;
        this.javaHome = javaHome;
        this.fileExists = fileExists;
    }

    String home() {
        return home;
    }

    String prunsrv() {
        return WindowsPaths.join(home, "bin", "prunsrv.exe");
    }

    String jar() {
        return WindowsPaths.join(home, "lib", "jtunnel.jar");
    }

    String configDir() {
        return WindowsPaths.join(home, "config");
    }

    /** stunnel's default on Windows is {@code <install folder>\config\stunnel.conf}: the same here. */
    String defaultConfig() {
        return WindowsPaths.join(home, "config", "stunnel.conf");
    }

    String logs() {
        return WindowsPaths.join(home, "logs");
    }

    /** The service's log file when stunnel.conf sets no {@code output}. */
    String logFile() {
        return WindowsPaths.join(home, "logs", "jtunnel.log");
    }

    /** Where the service makes its control socket. */
    String controlDir() {
        return WindowsPaths.join(home, "run");
    }

    String bundledJvm() {
        return WindowsPaths.join(home, "runtime", "bin", "server", "jvm.dll");
    }

    String currentJvm() {
        return WindowsPaths.join(javaHome, "bin", "server", "jvm.dll");
    }

    /** The bundled runtime's jvm.dll when there is one, else the one of the Java running this command. */
    Optional<String> jvm() {
        if (exists(bundledJvm())) {
            return Optional.of(bundledJvm());
        }
        return exists(currentJvm()) ? Optional.of(currentJvm()) : Optional.empty();
    }

    boolean exists(String file) {
        return fileExists.test(file);
    }
}
