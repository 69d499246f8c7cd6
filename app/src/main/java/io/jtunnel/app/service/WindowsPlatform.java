package io.jtunnel.app.service;

import io.jtunnel.app.control.ControlClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Windows: the zip's layout under jtunnel.home (set by {@code bin\jtunnel.cmd}) and procrun.
 *
 * @param home     the install folder, when the launcher said it
 * @param javaHome the Java runtime running this command
 */
record WindowsPlatform(Optional<String> home, String javaHome) implements Platform {
    /**
     * stunnel's default is {@code <install folder>\config\stunnel.conf}; without jtunnel.home (the jar run by hand),
     * {@code config\stunnel.conf} in the working directory.
     */
    @Override
    public Path defaultConfig() {
        return Path.of(home.map(folder -> WindowsPaths.join(folder, "config", "stunnel.conf"))
            .orElse("config\\stunnel.conf"));
    }

    @Override
    public boolean slashSwitches() {
        return true;
    }

    @Override
    public ServiceManager serviceManager(CommandRunner runner) throws ServiceException {
        String folder = home.orElseThrow(() -> new ServiceException("the jtunnel install folder is unknown (system"
            + " property jtunnel.home is not set): run service commands through bin\\jtunnel.cmd, which sets it"));
        WindowsInstall install = new WindowsInstall(folder, javaHome, file -> Files.isRegularFile(Path.of(file)));
        return new ProcrunServiceManager(install, runner, ControlClient::send,
            file -> file.toAbsolutePath().normalize().toString());
    }
}
