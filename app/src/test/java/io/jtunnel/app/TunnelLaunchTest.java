package io.jtunnel.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.jtunnel.tls.TlsEngines;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class TunnelLaunchTest {
    @Test
    void file_alone_or_after_c_is_a_plain_run() {
        assertThat(TunnelLaunch.plainRunFile("/etc/jtunnel/jtunnel.conf"))
            .contains(Path.of("/etc/jtunnel/jtunnel.conf"));
        assertThat(TunnelLaunch.plainRunFile("-c", "stunnel.conf")).contains(Path.of("stunnel.conf"));
        assertThat(TunnelLaunch.plainRunFile("--config", "stunnel.conf")).contains(Path.of("stunnel.conf"));
    }

    @ParameterizedTest(name = "jtunnel {0}")
    @ValueSource(strings = {"", "-version", "--help", "-bogus", "@args.txt", "check", "gencert", "service", "selftest"})
    void options_subcommands_and_argument_files_go_to_picocli(String word) {
        assertThat(TunnelLaunch.plainRunFile(word)).isEmpty();
        assertThat(TunnelLaunch.plainRunFile("-c", word)).isEmpty();
    }

    @Test
    void more_words_or_none_go_to_picocli() {
        assertThat(TunnelLaunch.plainRunFile()).isEmpty();
        assertThat(TunnelLaunch.plainRunFile("--drain-timeout", "0", "a.conf")).isEmpty();
        assertThat(TunnelLaunch.plainRunFile("--tls-engine=jdk", "a.conf")).isEmpty();
        assertThat(TunnelLaunch.plainRunFile("a.conf", "b.conf")).isEmpty();
        assertThat(TunnelLaunch.plainRunFile("check", "a.conf")).isEmpty();
    }

    /** The plain run skips picocli: it must run exactly what picocli would have made of the same words. */
    @Test
    void plain_run_has_the_settings_picocli_gives_the_same_command_line() {
        JtunnelCommand command = new JtunnelCommand();
        new CommandLine(command).parseArgs("a.conf");
        Map<String, String> environment = Map.of("NOTIFY_SOCKET", "/run/systemd/notify");

        assertThat(command.settings(environment)).isEqualTo(RunSettings.defaults(environment));
        assertThat(command.engine.engine).isEqualTo(TlsEngines.AUTO);
        assertThat(command.config.file()).isEqualTo(TunnelLaunch.plainRunFile("a.conf").orElseThrow());
    }
}
