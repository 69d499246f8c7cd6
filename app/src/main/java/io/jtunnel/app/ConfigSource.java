package io.jtunnel.app;

import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The configuration file, named as stunnel users type it: {@code jtunnel FILE} or {@code jtunnel -c FILE}. */
final class ConfigSource {
    /** Where a Linux package puts the configuration; stunnel's own default is /etc/stunnel/stunnel.conf. */
    static final Path DEFAULT = Path.of("/etc/jtunnel/jtunnel.conf");

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "stunnel.conf to use (default: /etc/jtunnel/jtunnel.conf)")
    Path option;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "the same as -c FILE")
    Path positional;

    Path file() {
        if (option != null) {
            return option;
        }
        return positional != null ? positional : DEFAULT;
    }
}
