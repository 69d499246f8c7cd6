package io.jtunnel.app.service;

import java.nio.file.Path;

/** Linux (and any other non-Windows system): the packaged file layout and systemd. */
record LinuxPlatform() implements Platform {
    /** Where the Linux package puts the configuration; stunnel's own default is /etc/stunnel/stunnel.conf. */
    static final Path DEFAULT_CONFIG = Path.of("/etc/jtunnel/jtunnel.conf");
    static final Path UNIT_DIR = Path.of("/etc/systemd/system");
    static final String LAUNCHER = "/opt/jtunnel/bin/jtunnel";

    @Override
    public Path defaultConfig() {
        return DEFAULT_CONFIG;
    }

    @Override
    public boolean slashSwitches() {
        return false;
    }

    @Override
    public ServiceManager serviceManager(CommandRunner runner) {
        return new SystemdServiceManager(UNIT_DIR, LAUNCHER, runner);
    }
}
