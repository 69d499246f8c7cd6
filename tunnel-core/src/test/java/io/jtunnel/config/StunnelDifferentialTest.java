package io.jtunnel.config;

import io.jtunnel.log.RecordingLogSink;
import static io.jtunnel.config.Configs.errorLines;
import static io.jtunnel.config.Configs.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same broken configurations given to the real stunnel 5.68 ({@code stunnel4}, installed on the build machines):
 * jtunnel's error lines must be exactly stunnel's {@code [!] } lines, without the closing "Configuration failed".
 * Every configuration here fails before stunnel would bind a port; certificates point to files that do not exist.
 */
class StunnelDifferentialTest {
    private static final String GLOBALS = "foreground = yes\npid =\n";
    private static final String BODY = "accept = 127.0.0.1:29991\nconnect = 127.0.0.1:29992\n"
        + "cert = /nonexistent/jtunnel-test/server.pem\n";

    @TempDir
    Path dir;

    private static String stunnelBinary() {
        for (String candidate : List.of("/usr/bin/stunnel4", "/usr/bin/stunnel")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        return "stunnel4";
    }

    /** stunnel's error lines ({@code [!] } prefix removed), dropping the closing "Configuration failed". */
    static List<String> stunnelErrors(Path file) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(stunnelBinary(), file.toString())
            .redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
        byte[] output;
        try (InputStream in = process.getInputStream()) {
            output = in.readAllBytes(); // stunnel exits at once on a bad configuration, closing its stderr
        }
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("stunnel4 did not stop on " + file);
        }
        String text = new String(output, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as("stunnel4 exit code, output:%n%s", text).isEqualTo(1);
        return text.lines()
            .filter(line -> line.startsWith("[!] "))
            .map(line -> line.substring(4))
            .filter(line -> !line.equals("Configuration failed"))
            .toList();
    }

    private void assertSameErrorsAsStunnel(String text) throws Exception {
        Path file = write(dir, "stunnel.conf", text);

        List<String> expected = stunnelErrors(file);

        assertThat(expected).as("stunnel4 reported an error").isNotEmpty();
        // what a start prints as [!]: the lines logged at error level, then the error that stopped the parse
        RecordingLogSink log = new RecordingLogSink();
        List<String> thrown = errorLines(file, log);
        List<String> printed = new java.util.ArrayList<>(log.lines().stream()
            .filter(line -> line.startsWith("ERR ")).map(line -> line.substring(4)).toList());
        printed.addAll(thrown);
        assertThat(printed).isEqualTo(expected);
    }

    @Test
    void unknown_option_error_matches_stunnel() throws Exception {
        assertSameErrorsAsStunnel(GLOBALS + "[svc]\n" + BODY + "TIMEOUTclosed = 1\n");
    }

    @Test
    void bad_protocol_version_error_matches_stunnel() throws Exception {
        assertSameErrorsAsStunnel(GLOBALS + "[svc]\n" + BODY + "sslVersion = TLSv9\n");
    }

    @Test
    void inverted_protocol_range_error_matches_stunnel() throws Exception {
        assertSameErrorsAsStunnel(GLOBALS + "[svc]\n" + BODY + "sslVersionMin = TLSv1.3\nsslVersionMax = TLSv1.2\n");
    }

    @Test
    void illegal_security_levels_match_stunnel() throws Exception {
        for (String bad : new String[] {"6", "-1", "two", "2x", ""}) {
            assertSameErrorsAsStunnel(GLOBALS + "[svc]\n" + BODY + "securityLevel = " + bad + "\n");
        }
    }

    @Test
    void malformed_socket_options_error_match_stunnel() throws Exception {
        for (String bad : new String[] {"x:SO_KEEPALIVE=yes", "a:SO_KEEPALIVE", "a:SO_KEEPALIVE=maybe",
            "a:NO_SUCH_OPTION=1", "l:so_keepalive=yes", "l:SO_RCVBUF=big"}) {
            assertSameErrorsAsStunnel(GLOBALS + "[svc]\n" + BODY + "socket = " + bad + "\n");
        }
    }

    @Test
    void unknown_protocol_error_matches_stunnel() throws Exception {
        assertSameErrorsAsStunnel(GLOBALS + "[svc]\n" + BODY + "protocol = nonsense\n");
    }

    @Test
    void proxy_protocol_in_client_mode_error_matches_stunnel() throws Exception {
        assertSameErrorsAsStunnel(GLOBALS + "[svc]\n" + BODY + "client = yes\nprotocol = proxy\n");
    }

    @Test
    void connect_server_without_connect_counts_one_endpoint_as_in_stunnel() throws Exception {
        // stunnel 5.68's connect_server() does not provide an endpoint (socks does): accept + protocol is not enough
        assertSameErrorsAsStunnel(GLOBALS + "[svc]\naccept = 127.0.0.1:29991\n"
            + "cert = /nonexistent/jtunnel-test/server.pem\nprotocol = connect\n");
    }

    @Test
    void ticket_secret_errors_match_stunnel() throws Exception {
        String mac = "ticketMacSecret = 000102030405060708090a0b0c0d0e0f\n";
        assertSameErrorsAsStunnel(GLOBALS + "[svc]\n" + BODY + "ticketKeySecret = not hex\n" + mac);
        assertSameErrorsAsStunnel(GLOBALS + "[svc]\n" + BODY + "ticketKeySecret = 0011\n" + mac);
        assertSameErrorsAsStunnel(GLOBALS + "[svc]\n" + BODY + "ticketKeySecret = 000102030405060708090a0b0c0d0e0f\n");
        assertSameErrorsAsStunnel(GLOBALS + "[svc]\n" + BODY + "sessionCacheSize = many\n");
        assertSameErrorsAsStunnel(GLOBALS + "[svc]\n" + BODY + "session = 5m\n");
    }

    @Test
    void redirect_errors_match_stunnel() throws Exception {
        assertSameErrorsAsStunnel(GLOBALS + "[svc]\n" + BODY + "redirect = 127.0.0.1:29993\n");
        assertSameErrorsAsStunnel(GLOBALS + "[svc]\n" + BODY + "client = yes\nredirect = 127.0.0.1:29993\n");
    }

    @Test
    void unknown_tls_option_errors_match_stunnel() throws Exception {
        assertSameErrorsAsStunnel(GLOBALS + "[svc]\n" + BODY + "options = NO_SUCH_OPTION\n");
        assertSameErrorsAsStunnel(GLOBALS + "[svc]\n" + BODY + "options = -NO_SUCH_OPTION\n");
    }

    @Test
    void bad_failover_error_matches_stunnel() throws Exception {
        assertSameErrorsAsStunnel(GLOBALS + "[svc]\n" + BODY + "failover = random\n");
    }

    @Test
    void unresolvable_local_address_error_matches_stunnel() throws Exception {
        assertSameErrorsAsStunnel(GLOBALS + "[svc]\n" + BODY + "local = no-such-host.invalid\n");
    }

    @Test
    void bad_log_id_error_matches_stunnel() throws Exception {
        assertSameErrorsAsStunnel(GLOBALS + "[svc]\n" + BODY + "logId = random\n");
    }

    @Test
    void bad_reset_value_error_matches_stunnel() throws Exception {
        assertSameErrorsAsStunnel(GLOBALS + "[svc]\n" + BODY + "reset = maybe\n");
    }

    @Test
    void missing_equals_error_matches_stunnel() throws Exception {
        assertSameErrorsAsStunnel(GLOBALS + "[svc]\naccept 29991\n" + BODY);
    }

    @Test
    void bad_verify_level_error_matches_stunnel() throws Exception {
        assertSameErrorsAsStunnel(GLOBALS + "[svc]\n" + BODY + "verify = 5\n");
    }

    @Test
    void missing_connect_error_matches_stunnel() throws Exception {
        assertSameErrorsAsStunnel(GLOBALS + "[svc]\naccept = 127.0.0.1:29991\n"
            + "cert = /nonexistent/jtunnel-test/server.pem\n");
    }

    @Test
    void global_option_in_a_section_error_matches_stunnel() throws Exception {
        assertSameErrorsAsStunnel(GLOBALS + "[svc]\n" + BODY + "pid = /run/jtunnel.pid\n");
    }

    @Test
    void bad_yes_no_error_matches_stunnel() throws Exception {
        assertSameErrorsAsStunnel(GLOBALS + "[svc]\n" + BODY + "verifyChain = maybe\n");
    }

    @Test
    void bad_foreground_error_matches_stunnel() throws Exception {
        assertSameErrorsAsStunnel("foreground=maybe\npid =\n[svc]\n" + BODY);
    }

    @Test
    void unclosed_section_header_error_matches_stunnel() throws Exception {
        assertSameErrorsAsStunnel(GLOBALS + "[svc\n" + BODY);
    }

    @Test
    void inline_comment_in_a_timeout_error_matches_stunnel() throws Exception {
        assertSameErrorsAsStunnel(GLOBALS + "[svc]\n" + BODY + "TIMEOUTclose = 1 ; x\n");
    }

    @Test
    void timeout_with_unit_error_matches_stunnel() throws Exception {
        assertSameErrorsAsStunnel(GLOBALS + "[svc]\n" + BODY + "TIMEOUTidle = 10s\n");
    }

    @Test
    void syslog_facility_in_a_section_error_matches_stunnel() throws Exception {
        assertSameErrorsAsStunnel(GLOBALS + "[svc]\n" + BODY + "debug = daemon.info\n");
    }

    @Test
    void unknown_syslog_facility_error_matches_stunnel() throws Exception {
        assertSameErrorsAsStunnel(GLOBALS + "debug = nosuch.info\n[svc]\n" + BODY);
    }

    @Test
    void server_without_certificate_error_matches_stunnel() throws Exception {
        assertSameErrorsAsStunnel(GLOBALS + "[svc]\naccept = 127.0.0.1:29991\nconnect = 127.0.0.1:29992\n");
    }

    @Test
    void relative_log_file_error_matches_stunnel() throws Exception {
        assertSameErrorsAsStunnel("foreground = no\npid =\noutput = relative.log\n[svc]\n" + BODY);
    }

    @Test
    void relative_pid_file_error_matches_stunnel() throws Exception {
        assertSameErrorsAsStunnel("foreground = no\npid = relative.pid\n[svc]\n" + BODY);
    }

    @Test
    void empty_file_error_matches_stunnel() throws Exception {
        assertSameErrorsAsStunnel("");
    }

    @Test
    void accept_in_inetd_mode_error_matches_stunnel() throws Exception {
        assertSameErrorsAsStunnel(GLOBALS + BODY);
    }

    @Test
    void exec_and_connect_in_inetd_mode_error_matches_stunnel() throws Exception {
        assertSameErrorsAsStunnel(GLOBALS + "client = yes\nexec = /bin/cat\nconnect = 127.0.0.1:29992\n");
    }

    @Test
    void accept_exec_and_connect_error_matches_stunnel() throws Exception {
        assertSameErrorsAsStunnel(GLOBALS + "[svc]\nclient = yes\naccept = 127.0.0.1:29991\nexec = /bin/cat\n"
            + "connect = 127.0.0.1:29992\n");
    }

    @Test
    void retry_value_error_matches_stunnel() throws Exception {
        assertSameErrorsAsStunnel(GLOBALS + "[svc]\nclient = yes\nexec = /bin/cat\nconnect = 127.0.0.1:29992\n"
            + "retry = sometimes\n");
    }

    @Test
    void byte_order_mark_on_a_later_line_error_matches_stunnel() throws Exception {
        assertSameErrorsAsStunnel("\uFEFF" + GLOBALS + "[svc]\n\uFEFF" + BODY);
    }

    @Test
    void error_inside_an_included_file_matches_stunnel() throws Exception {
        Path inc = dir.resolve("conf.d");
        write(inc, "10-ok.conf", "TIMEOUTclose = 1\n");
        write(inc, "20-bad.conf", "\nfoo = bar\n");
        assertSameErrorsAsStunnel(GLOBALS + "[svc]\n" + BODY + "include = " + inc + "\n");
    }

    @Test
    void section_error_inside_an_included_file_matches_stunnel() throws Exception {
        Path inc = dir.resolve("conf.d");
        write(inc, "a.conf", "[inner]\naccept = 127.0.0.1:29993\n[after]\n");
        // included from the global part: stunnel loads a section's certificate when the section closes,
        // so no section with a (missing) certificate may close before the error
        assertSameErrorsAsStunnel(GLOBALS + "include = " + inc + "\n");
    }

    @Test
    void missing_include_directory_error_matches_stunnel_apart_from_the_logged_scandir_line() throws Exception {
        Path file = write(dir, "stunnel.conf", GLOBALS + "[svc]\n" + BODY + "include = " + dir.resolve("nowhere")
            + "\n");
        RecordingLogSink log = new RecordingLogSink();

        List<String> expected = stunnelErrors(file);

        assertThat(expected).first().isEqualTo("scandir: No such file or directory (2)");
        assertThat(errorLines(file, log)).isEqualTo(expected.subList(1, expected.size()));
        assertThat(log.texts()).contains(expected.get(0));
    }

    @Test
    void empty_include_value_error_matches_stunnel_apart_from_the_logged_scandir_line() throws Exception {
        Path file = write(dir, "stunnel.conf", GLOBALS + "[svc]\n" + BODY + "include =\n");

        List<String> expected = stunnelErrors(file);

        assertThat(expected).first().isEqualTo("scandir: No such file or directory (2)");
        assertThat(errorLines(file)).isEqualTo(expected.subList(1, expected.size()));
    }

    @Test
    void windows_only_taskbar_option_error_matches_stunnel() throws Exception {
        assertSameErrorsAsStunnel(GLOBALS + "taskbar = yes\n[svc]\naccept = 127.0.0.1:29991\n");
    }

    @Test
    void missing_file_error_matches_stunnel() throws Exception {
        Path missing = dir.resolve("missing.conf");

        assertThat(errorLines(missing)).isEqualTo(stunnelErrors(missing));
    }
}
