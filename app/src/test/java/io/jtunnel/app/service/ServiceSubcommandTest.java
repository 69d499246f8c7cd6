package io.jtunnel.app.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.jtunnel.app.Main;
import org.junit.jupiter.api.Test;

/** "jtunnel service" and stunnel's switches through the real jtunnel command line (nothing is installed). */
class ServiceSubcommandTest {
    @Test
    void service_is_a_jtunnel_subcommand() {
        assertThat(Main.execute("service", "--help")).isZero();
        assertThat(Main.execute("service", "install", "--help")).isZero();
        assertThat(Main.execute("service")).isEqualTo(2);
    }

    @Test
    void stunnel_switches_are_translated_before_parsing() {
        assertThat(Main.execute("-install", "-start")).isEqualTo(2);
    }
}
