package io.jtunnel.app.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StunnelSwitchesTest {
    private static String[] windows(String... args) {
        return StunnelSwitches.translate(args, true);
    }

    private static String[] linux(String... args) {
        return StunnelSwitches.translate(args, false);
    }

    @Test
    void install_quiet_with_a_path_is_service_install_with_that_file() {
        assertThat(windows("-install", "-quiet", "C:\\x\\stunnel.conf"))
            .containsExactly("service", "install", "-c", "C:\\x\\stunnel.conf");
    }

    @Test
    void every_service_switch_has_its_command() {
        for (String action : new String[] {"install", "uninstall", "start", "stop", "reload", "reopen", "exit"}) {
            assertThat(windows("-" + action)).containsExactly("service", action);
        }
    }

    @Test
    void switches_are_case_insensitive_and_may_start_with_a_slash_on_windows() {
        assertThat(windows("/RELOAD")).containsExactly("service", "reload");
        assertThat(windows("/Quiet", "-Exit")).containsExactly("service", "exit");
    }

    @Test
    void slash_words_are_paths_on_linux() {
        assertThat(linux("/start")).containsExactly("/start");
        assertThat(linux("-start")).containsExactly("service", "start");
    }

    @Test
    void the_rest_of_the_line_is_the_configuration_path() {
        assertThat(windows("-install", "C:\\Program", "Files\\my", "tunnels\\stunnel.conf"))
            .containsExactly("service", "install", "-c", "C:\\Program Files\\my tunnels\\stunnel.conf");
        assertThat(windows("-reload", "\"C:\\a b\\stunnel.conf\""))
            .containsExactly("service", "reload", "-c", "C:\\a b\\stunnel.conf");
    }

    @Test
    void a_path_that_looks_like_an_option_stays_a_path() {
        assertThat(windows("-install", "-bogus")).containsExactly("service", "install", "--config=-bogus");
    }

    @Test
    void other_command_lines_are_left_alone() {
        assertThat(linux("-bogus")).containsExactly("-bogus");
        assertThat(windows("-version")).containsExactly("-version");
        assertThat(windows("-help")).containsExactly("-help");
        assertThat(linux("/etc/stunnel/stunnel.conf")).containsExactly("/etc/stunnel/stunnel.conf");
        assertThat(windows("check", "-install")).containsExactly("check", "-install");
        assertThat(linux()).isEmpty();
    }

    @Test
    void quiet_alone_runs_as_usual() {
        assertThat(windows("-quiet", "C:\\x\\stunnel.conf")).containsExactly("C:\\x\\stunnel.conf");
        assertThat(windows("-quiet", "-c", "C:\\x.conf")).containsExactly("-c", "C:\\x.conf");
        assertThat(windows("/quiet")).isEmpty();
    }

    @Test
    void two_actions_at_once_are_refused() {
        assertThatThrownBy(() -> windows("-install", "-start"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("one service switch at a time, not -install and -start");
    }
}
