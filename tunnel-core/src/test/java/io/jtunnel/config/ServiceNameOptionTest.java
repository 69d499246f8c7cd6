package io.jtunnel.config;

import static io.jtunnel.config.Configs.errorLines;
import static io.jtunnel.config.Configs.parse;
import static io.jtunnel.config.Configs.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * stunnel's {@code service}: in a section it replaces the section's name (stunnel's servname, used in every log line
 * and message); before the first section it names the syslog ident and is not copied into the sections.
 */
class ServiceNameOptionTest {
    private static final String BODY = "accept = 127.0.0.1:20001\nconnect = 127.0.0.1:30001\n"
        + "cert = /etc/jtunnel/server.pem\n";

    @TempDir
    Path dir;

    @Test
    void in_a_section_it_renames_the_service() throws Exception {
        TunnelConfig config = parse(write(dir, "stunnel.conf", "[microsoft-cas]\nservice = icap\n" + BODY));

        assertThat(config.services()).extracting(ServiceConfig::name).containsExactly("icap");
        assertThat(config.global().syslogIdent()).isEqualTo(GlobalOptions.DEFAULT_SYSLOG_IDENT);
    }

    @Test
    void section_end_errors_use_the_new_name_as_stunnel_does() {
        Path file = write(dir, "stunnel.conf", "[microsoft-cas]\nservice = icap\naccept = 127.0.0.1:20001\n");

        assertThat(errorLines(file)).contains("Service [icap]: TLS server needs a certificate");
    }

    @Test
    void before_the_first_section_it_is_the_syslog_ident_and_sections_keep_their_names() throws Exception {
        TunnelConfig config = parse(write(dir, "stunnel.conf", "service = stunnel\n[a]\n" + BODY));

        assertThat(config.global().syslogIdent()).isEqualTo("stunnel");
        assertThat(config.services()).extracting(ServiceConfig::name).containsExactly("a");
        assertThat(config.services().get(0).values().isSet(Option.SERVICE_NAME)).isFalse();
    }
}
