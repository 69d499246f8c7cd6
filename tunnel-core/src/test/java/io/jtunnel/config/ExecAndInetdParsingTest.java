package io.jtunnel.config;

import static io.jtunnel.config.Configs.errorLines;
import static io.jtunnel.config.Configs.lineError;
import static io.jtunnel.config.Configs.parse;
import static io.jtunnel.config.Configs.service;
import static io.jtunnel.config.Configs.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code exec}, {@code execArgs}, {@code retry}, {@code pty} and inetd mode as stunnel 5.68's options.c reads them:
 * endpoint counting (accept, connect and exec one each), the valid combinations and every message.
 */
class ExecAndInetdParsingTest {
    private static final String CERT = "cert = /x.pem\n";

    @TempDir
    Path dir;

    private Path conf(String text) {
        return write(dir, "stunnel.conf", text);
    }

    @Test
    void exec_args_default_to_the_exec_path_as_dollar_zero() throws Exception {
        ServiceConfig svc = service(parse(conf("[svc]\naccept = 127.0.0.1:0\n" + CERT + "exec = /usr/sbin/pppd\n")),
            "svc");

        assertThat(svc.exec()).hasValueSatisfying(exec -> {
            assertThat(exec.path()).isEqualTo("/usr/sbin/pppd");
            assertThat(exec.args()).containsExactly("/usr/sbin/pppd");
        });
        assertThat(svc.connect()).isEmpty();
        assertThat(svc.execConnect()).isFalse();
    }

    @Test
    void exec_args_are_split_on_whitespace_without_quoting() throws Exception {
        ServiceConfig svc = service(parse(conf("[svc]\naccept = 127.0.0.1:0\n" + CERT
            + "exec = /bin/sh\nexecArgs = sh  -c \t'echo hi'  \"a b\"\n")), "svc");

        assertThat(svc.exec().orElseThrow().args()).containsExactly("sh", "-c", "'echo", "hi'", "\"a", "b\"");
    }

    @Test
    void exec_args_before_exec_and_from_the_global_part_are_kept() throws Exception {
        TunnelConfig config = parse(conf("execArgs = zero one\n[svc]\naccept = 127.0.0.1:0\n" + CERT
            + "exec = /bin/echo\n"));

        assertThat(service(config, "svc").exec().orElseThrow().args()).containsExactly("zero", "one");
    }

    @Test
    void exec_stderr_is_inherited_only_when_logging_to_stderr() throws Exception {
        String section = "[svc]\naccept = 127.0.0.1:0\n" + CERT + "exec = /bin/cat\n";

        assertThat(service(parse(conf("foreground = yes\n" + section)), "svc").exec().orElseThrow().inheritStderr())
            .isTrue();
        assertThat(service(parse(conf("foreground = quiet\n" + section)), "svc").exec().orElseThrow()
            .inheritStderr()).isFalse();
        assertThat(service(parse(conf(section)), "svc").exec().orElseThrow().inheritStderr()).isFalse();
    }

    @Test
    void exec_and_connect_without_accept_is_an_exec_connect_section() throws Exception {
        ServiceConfig svc = service(parse(conf("[svc]\nclient = yes\nexec = /bin/cat\nconnect = 127.0.0.1:1\n"
            + "retry = yes\n")), "svc");

        assertThat(svc.execConnect()).isTrue();
        assertThat(svc.retry()).isTrue();
        assertThat(svc.accept()).isEmpty();
    }

    @Test
    void retry_is_off_by_default_and_takes_yes_or_no_only() {
        Path file = conf("[svc]\nclient = yes\nexec = /bin/cat\nconnect = 127.0.0.1:1\nretry = 500\n");

        assertThat(errorLines(file)).containsExactly(lineError(file, 5, "retry = 500",
            "The argument needs to be either 'yes' or 'no'"));
    }

    @Test
    void accept_exec_and_connect_are_three_endpoints() {
        Path file = conf("[svc]\naccept = 127.0.0.1:0\n" + CERT + "exec = /bin/cat\nconnect = 127.0.0.1:1\n");

        assertThat(errorLines(file)).containsExactly("Service [svc]: Each service must define two endpoints");
    }

    @Test
    void pty_no_is_accepted() throws Exception {
        ServiceConfig svc = service(parse(conf("[svc]\naccept = 127.0.0.1:0\n" + CERT
            + "exec = /bin/cat\npty = no\n")), "svc");

        assertThat(svc.exec()).isPresent();
    }

    @Test
    void pty_yes_is_rejected_with_the_reason() {
        Path file = conf("[svc]\naccept = 127.0.0.1:0\n" + CERT + "exec = /bin/cat\npty = yes\n");

        assertThat(errorLines(file)).containsExactly(lineError(file, 5, "pty = yes",
            "\"pty = yes\" is not supported by jtunnel: a JVM cannot allocate a pseudo-terminal without native code"));
    }

    @Test
    void pty_takes_yes_or_no_only() {
        Path file = conf("[svc]\naccept = 127.0.0.1:0\n" + CERT + "exec = /bin/cat\npty = maybe\n");

        assertThat(errorLines(file)).containsExactly(lineError(file, 5, "pty = maybe",
            "The argument needs to be either 'yes' or 'no'"));
    }

    @Test
    void file_without_sections_and_one_connect_is_inetd_mode_named_stunnel() throws Exception {
        TunnelConfig config = parse(conf(CERT + "connect = 127.0.0.1:30001\n"));

        assertThat(config.inetd()).isTrue();
        assertThat(config.services()).singleElement().satisfies(svc -> {
            assertThat(svc.name()).isEqualTo("stunnel");
            assertThat(svc.accept()).isEmpty();
            assertThat(svc.connect()).hasSize(1);
        });
    }

    @Test
    void inetd_mode_service_is_named_by_the_global_service_option() throws Exception {
        TunnelConfig config = parse(conf("service = imaps\n" + CERT + "exec = /usr/sbin/imapd\n"));

        assertThat(config.inetd()).isTrue();
        assertThat(config.services()).singleElement().satisfies(svc -> {
            assertThat(svc.name()).isEqualTo("imaps");
            assertThat(svc.exec().orElseThrow().path()).isEqualTo("/usr/sbin/imapd");
        });
    }

    @Test
    void inetd_mode_report_has_no_section_header_so_it_reads_back_as_inetd_mode() throws Exception {
        TunnelConfig config = parse(conf(CERT + "exec = /bin/cat\nexecArgs = cat -u\n"));

        String report = ConfigReport.text(config);
        TunnelConfig again = parse(write(dir, "again.conf", report));

        assertThat(report).doesNotContain("[stunnel]").contains("; inetd mode: service stunnel");
        assertThat(again.inetd()).isTrue();
        assertThat(again.services().get(0).exec().orElseThrow().args()).containsExactly("cat", "-u");
    }

    @Test
    void file_with_sections_is_not_inetd_mode() throws Exception {
        assertThat(parse(conf("[svc]\naccept = 127.0.0.1:0\n" + CERT + "exec = /bin/cat\n")).inetd()).isFalse();
    }

    @Test
    void inetd_mode_with_exec_and_connect_is_two_endpoints_too_many() {
        Path file = conf("client = yes\nexec = /bin/cat\nconnect = 127.0.0.1:1\n");

        assertThat(errorLines(file)).containsExactly("Inetd mode: Inetd mode must define one endpoint");
    }

    @Test
    void inetd_mode_without_any_endpoint_is_rejected() {
        Path file = conf("client = yes\n");

        assertThat(errorLines(file)).containsExactly("Inetd mode: Inetd mode must define one endpoint");
    }

    @Test
    void exec_line_is_reported_as_written() throws Exception {
        ServiceConfig svc = service(parse(conf("[svc]\naccept = 127.0.0.1:0\n" + CERT
            + "exec = /bin/echo\nexecArgs = echo a b\n")), "svc");

        assertThat(svc.values().effective(Option.EXEC_ARGS)).isEqualTo("echo a b");
        assertThat(svc.values().origin(Option.EXEC)).hasValueSatisfying(origin -> assertThat(origin).endsWith(":4"));
        assertThat(ExecCommand.split("  ")).isEqualTo(List.of());
    }
}
