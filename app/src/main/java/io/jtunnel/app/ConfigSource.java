package io.jtunnel.app;

import io.jtunnel.app.service.Platform;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The configuration file, named as stunnel users type it: {@code jtunnel FILE} or {@code jtunnel -c FILE}. */
final class ConfigSource {
    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "stunnel.conf to use (default:"
        + " /etc/jtunnel/jtunnel.conf; on Windows <install folder>\\config\\stunnel.conf, as stunnel)")
    Path option;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "the same as -c FILE")
    Path positional;

    Path file() {
        return file(Platform.current());
    }

    /** The file named on the command line, else the platform's default. */
    Path file(Platform platform) {
        if (option != null) {
            return option;
        }
        return positional != null ? positional : platform.defaultConfig();
    }
}
