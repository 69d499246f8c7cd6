package io.jtunnel.config;

import io.jtunnel.log.RecordingLogSink;
import static io.jtunnel.config.Configs.errorLines;
import static io.jtunnel.config.Configs.lineError;
import static io.jtunnel.config.Configs.parse;
import static io.jtunnel.config.Configs.socket;
import static io.jtunnel.config.Configs.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.jtunnel.log.LogLevel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** stunnel 5.68's configuration grammar (reference §2) and its value and section checks (§1.3, §3.2). */
class ConfigGrammarTest {
    private static final String GLOBALS = "foreground = yes\npid =\n";
    private static final String BODY = "accept = 127.0.0.1:20001\nconnect = 127.0.0.1:30001\n"
        + "cert = /etc/jtunnel/server.pem\n";

    @TempDir
    Path dir;

    private Path conf(String text) {
        return write(dir, "stunnel.conf", text);
    }

    private ServiceConfig onlyService(String text) throws ConfigException {
        TunnelConfig config = parse(conf(text));
        assertThat(config.services()).hasSize(1);
        return config.services().get(0);
    }

    // ---- reading lines

    @Test
    void utf8_bom_on_line_one_is_skipped_and_logged() throws Exception {
        byte[] bom = {(byte) 0xef, (byte) 0xbb, (byte) 0xbf};
        byte[] text = ("[svc]\n" + BODY).getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[bom.length + text.length];
        System.arraycopy(bom, 0, all, 0, bom.length);
        System.arraycopy(text, 0, all, bom.length, text.length);
        RecordingLogSink log = new RecordingLogSink();

        TunnelConfig config = parse(Configs.writeBytes(dir, "bom.conf", all), log);

        assertThat(config.services()).extracting(ServiceConfig::name).containsExactly("svc");
        assertThat(log.lines()).contains("NOTICE UTF-8 byte order mark detected");
    }

    @Test
    void file_without_bom_logs_that_none_was_detected() throws Exception {
        RecordingLogSink log = new RecordingLogSink();

        parse(conf("[svc]\n" + BODY), log);

        assertThat(log.lines()).contains("NOTICE UTF-8 byte order mark not detected")
            .doesNotContain("NOTICE UTF-8 byte order mark detected");
    }

    @Test
    void bom_on_a_later_line_is_part_of_the_option_name() {
        Path file = conf("[svc]\n\uFEFFaccept = 1\n");

        assertThat(errorLines(file)).containsExactly(
            lineError(file, 2, "\uFEFFaccept = 1", "Specified option name is not valid here"));
    }

    @Test
    void crlf_and_stray_carriage_returns_are_dropped_everywhere() throws Exception {
        ServiceConfig svc = onlyService("[s\rvc]\r\naccept = 127.0.0.1:20001\r\r\nconnect = 127.0.0.1:30001\r\n"
            + "cert = /etc/jt\runnel/server.pem\r\nTIMEOUT\rclose = 7\r");

        assertThat(svc.name()).isEqualTo("svc");
        assertThat(svc.cert()).contains("/etc/jtunnel/server.pem");
        assertThat(svc.timeouts().closeSeconds()).isEqualTo(7);
    }

    @Test
    void last_line_needs_no_line_feed() throws Exception {
        ServiceConfig svc = onlyService("[svc]\n" + BODY + "TIMEOUTclose = 3");

        assertThat(svc.timeouts().closeSeconds()).isEqualTo(3);
    }

    @Test
    void error_lines_count_blank_and_comment_lines() {
        Path file = conf("; comment\n\n# another\n   \n[svc]\nbogus = 1\n");

        assertThat(errorLines(file)).containsExactly(
            lineError(file, 6, "bogus = 1", "Specified option name is not valid here"));
    }

    @Test
    void error_line_quotes_the_raw_line_untrimmed() {
        Path file = conf("[svc]\n\t  bogus   =  1  \n");

        assertThat(errorLines(file)).containsExactly(
            lineError(file, 2, "\t  bogus   =  1  ", "Specified option name is not valid here"));
    }

    // ---- comments

    @Test
    void semicolon_and_hash_lines_are_comments_even_when_indented() throws Exception {
        ServiceConfig svc = onlyService("; TIMEOUTclose = 1\n  # TIMEOUTclose = 2\n[svc]\n" + BODY
            + "\t;TIMEOUTclose = 3\n#[other]\n");

        assertThat(svc.name()).isEqualTo("svc");
        assertThat(svc.timeouts().closeSeconds()).isEqualTo(60);
    }

    @Test
    void inline_comment_stays_part_of_the_value() {
        Path file = conf(GLOBALS + "[svc]\n" + BODY + "TIMEOUTclose = 1 ; x\n");

        assertThat(errorLines(file)).containsExactly(
            lineError(file, 7, "TIMEOUTclose = 1 ; x", "Illegal close timeout"));
    }

    @Test
    void inline_hash_stays_part_of_a_path_value() throws Exception {
        ServiceConfig svc = onlyService("[svc]\n" + BODY + "CAfile = /etc/ca.pem # trusted\n");

        assertThat(svc.caFile()).contains("/etc/ca.pem # trusted");
    }

    // ---- sections

    @Test
    void section_name_keeps_spaces() throws Exception {
        ServiceConfig svc = onlyService("[ svc x ]\n" + BODY);

        assertThat(svc.name()).isEqualTo(" svc x ");
    }

    @Test
    void section_header_is_recognised_after_trimming_the_line() throws Exception {
        ServiceConfig svc = onlyService("   [svc]   \n" + BODY);

        assertThat(svc.name()).isEqualTo("svc");
    }

    @Test
    void section_name_may_be_empty_or_contain_any_characters() throws Exception {
        TunnelConfig config = parse(conf("[]\n" + BODY + "[a=b;c]d]\n" + BODY));

        assertThat(config.services()).extracting(ServiceConfig::name).containsExactly("", "a=b;c]d");
    }

    @Test
    void duplicate_sections_are_both_kept_in_file_order() throws Exception {
        TunnelConfig config = parse(conf("[svc]\n" + BODY + "TIMEOUTclose = 1\n[svc]\n" + BODY
            + "TIMEOUTclose = 2\n"));

        assertThat(config.services()).extracting(ServiceConfig::name).containsExactly("svc", "svc");
        assertThat(config.services()).extracting(s -> s.timeouts().closeSeconds()).containsExactly(1, 2);
    }

    @Test
    void section_header_without_closing_bracket_is_an_option_line_without_equals() {
        Path file = conf(GLOBALS + "[svc\n" + BODY);

        assertThat(errorLines(file)).containsExactly(lineError(file, 3, "[svc", "No '=' found"));
    }

    @Test
    void line_without_equals_is_rejected() {
        Path file = conf("[svc]\naccept 11344\n");

        assertThat(errorLines(file)).containsExactly(lineError(file, 2, "accept 11344", "No '=' found"));
    }

    @Test
    void section_is_checked_when_the_next_section_starts() {
        Path file = conf("[first]\naccept = 127.0.0.1:20001\ncert = /x.pem\n[second]\nbogus = 1\n");

        assertThat(errorLines(file)).containsExactly("Service [first]: Each service must define two endpoints");
    }

    // ---- option lines

    @Test
    void option_names_are_case_insensitive() throws Exception {
        ServiceConfig svc = onlyService("[svc]\nACCEPT = 127.0.0.1:20001\nConnect = 127.0.0.1:30001\n"
            + "CERT = /etc/jtunnel/server.pem\ntimeoutCLOSE = 4\ncafile = /etc/ca.pem\nVERIFYchain = yes\n");

        assertThat(svc.timeouts().closeSeconds()).isEqualTo(4);
        assertThat(svc.caFile()).contains("/etc/ca.pem");
        assertThat(svc.verification().chain()).isTrue();
    }

    @Test
    void yes_no_values_are_case_insensitive() throws Exception {
        ServiceConfig svc = onlyService("[svc]\n" + BODY + "CAfile = /ca.pem\nverifyChain = YES\n"
            + "verifyPeer = Yes\nrequireCert = yES\nclient = NO\n");

        assertThat(svc.verification()).isEqualTo(new PeerVerification(true, true, true, true));
        assertThat(svc.values().effective(Option.CLIENT)).isEqualTo(false);
    }

    @Test
    void value_is_split_at_the_first_equals_sign() throws Exception {
        ServiceConfig svc = onlyService("[svc]\n" + BODY + "CAfile = /etc/a=b==c.pem\n");

        assertThat(svc.caFile()).contains("/etc/a=b==c.pem");
    }

    @Test
    void spaces_around_the_equals_sign_are_trimmed_but_inner_spaces_kept() throws Exception {
        ServiceConfig svc = onlyService("[svc]\n" + BODY + "CAfile\t =   /etc/my ca.pem  \t\n");

        assertThat(svc.caFile()).contains("/etc/my ca.pem");
    }

    @Test
    void empty_value_unsets_an_inherited_path() throws Exception {
        ServiceConfig svc = onlyService("CAfile = /etc/ca.pem\n[svc]\n" + BODY + "CAfile =\n");

        assertThat(svc.caFile()).isEmpty();
    }

    @Test
    void empty_pid_value_disables_the_pid_file() throws Exception {
        TunnelConfig config = parse(conf("pid = /run/x.pid\npid =\n[svc]\n" + BODY));

        assertThat(config.global().pidFile()).isEmpty();
    }

    @Test
    void scalar_options_keep_the_last_value() throws Exception {
        ServiceConfig svc = onlyService("[svc]\n" + BODY + "TIMEOUTclose = 1\ncert = /second.pem\n"
            + "TIMEOUTclose = 2\n");

        assertThat(svc.timeouts().closeSeconds()).isEqualTo(2);
        assertThat(svc.cert()).contains("/second.pem");
    }

    @Test
    void connect_lines_accumulate_in_file_order() throws Exception {
        ServiceConfig svc = onlyService("[svc]\n" + BODY + "connect = 127.0.0.1:30002\nconnect = 30003\n");

        assertThat(svc.connect()).extracting(ConnectTarget::spec)
            .containsExactly("127.0.0.1:30001", "127.0.0.1:30002", "30003");
        assertThat(svc.connect().get(2).resolved()).contains(socket("127.0.0.1", 30003));
    }

    @Test
    void global_connect_is_inherited_and_section_connect_adds_to_it() throws Exception {
        ServiceConfig svc = onlyService("connect = 127.0.0.1:30009\n[svc]\naccept = 127.0.0.1:20001\n"
            + "cert = /x.pem\nconnect = 127.0.0.1:30001\n");

        assertThat(svc.connect()).extracting(ConnectTarget::spec)
            .containsExactly("127.0.0.1:30009", "127.0.0.1:30001");
    }

    @Test
    void accept_with_ipv6_any_listens_on_ipv6_any() throws Exception {
        ServiceConfig svc = onlyService("[svc]\naccept = :::11344\nconnect = 127.0.0.1:1344\ncert = /x.pem\n");

        assertThat(svc.accept()).extracting(ListenAddress::address).containsExactly(socket("::", 11344));
    }

    @Test
    void bare_port_accept_listens_on_ipv4_and_ipv6_any() throws Exception {
        ServiceConfig svc = onlyService("[svc]\naccept = 11344\nconnect = 127.0.0.1:1344\ncert = /x.pem\n");

        assertThat(svc.accept()).extracting(ListenAddress::address)
            .containsExactlyInAnyOrder(socket("0.0.0.0", 11344), socket("::", 11344));
        assertThat(svc.accept()).extracting(ListenAddress::spec).containsOnly("11344");
    }

    // ---- global part and inheritance

    @Test
    void global_service_level_defaults_are_inherited_by_every_section_and_overridable() throws Exception {
        TunnelConfig config = parse(conf("cert = /default.pem\nTIMEOUTclose = 0\nTIMEOUTidle = 77\n"
            + "[a]\naccept = 127.0.0.1:20001\nconnect = 127.0.0.1:30001\n"
            + "[b]\naccept = 127.0.0.1:20002\nconnect = 127.0.0.1:30002\nTIMEOUTclose = 5\ncert = /b.pem\n"));

        ServiceConfig a = Configs.service(config, "a");
        ServiceConfig b = Configs.service(config, "b");
        assertThat(a.cert()).contains("/default.pem");
        assertThat(a.timeouts().closeSeconds()).isZero();
        assertThat(a.timeouts().idleSeconds()).isEqualTo(77);
        assertThat(b.cert()).contains("/b.pem");
        assertThat(b.timeouts().closeSeconds()).isEqualTo(5);
        assertThat(b.timeouts().idleSeconds()).isEqualTo(77);
    }

    @Test
    void global_option_inside_a_section_is_rejected() {
        Path file = conf("[svc]\n" + BODY + "foreground = yes\n");

        assertThat(errorLines(file)).containsExactly(
            lineError(file, 5, "foreground = yes", "Specified option name is not valid here"));
    }

    @Test
    void unspecified_timeouts_take_stunnels_defaults() throws Exception {
        ServiceConfig svc = onlyService("[svc]\n" + BODY);

        assertThat(svc.timeouts()).isEqualTo(new Timeouts(300, 60, 10, 43200));
    }

    // ---- verification

    @Test
    void verify_flags_apply_cumulatively_in_file_order() throws Exception {
        ServiceConfig svc = onlyService("[svc]\n" + BODY + "CAfile = /ca.pem\nverifyChain = yes\nrequireCert = no\n");

        assertThat(svc.verification().chain()).isTrue();
        assertThat(svc.verification().require()).isFalse();
        assertThat(svc.verification().request()).isTrue();
        assertThat(svc.verification().peer()).isFalse();
    }

    @Test
    void section_verify_flags_start_from_the_inherited_ones() throws Exception {
        ServiceConfig svc = onlyService("CAfile = /ca.pem\nverifyChain = yes\n[svc]\n" + BODY + "verifyPeer = yes\n");

        assertThat(svc.verification()).isEqualTo(new PeerVerification(true, true, true, true));
    }

    @Test
    void verify_levels_map_to_stunnels_flags() throws Exception {
        List<PeerVerification> expected = List.of(
            new PeerVerification(true, false, false, false),
            new PeerVerification(true, false, true, false),
            new PeerVerification(true, true, true, false),
            new PeerVerification(true, true, true, true),
            new PeerVerification(true, true, false, true));
        for (int level = 0; level <= 4; level++) {
            ServiceConfig svc = onlyService("[svc]\n" + BODY + "CAfile = /ca.pem\nverify = " + level + "\n");
            assertThat(svc.verification()).as("verify = " + level).isEqualTo(expected.get(level));
        }
    }

    @Test
    void verify_level_out_of_range_is_rejected() {
        Path file = conf(GLOBALS + "[svc]\n" + BODY + "verify = 5\n");

        assertThat(errorLines(file)).containsExactly(lineError(file, 7, "verify = 5", "Bad verify level"));
    }

    @Test
    void verify_level_that_is_not_a_number_is_rejected() {
        Path file = conf("[svc]\n" + BODY + "verify = two\n");

        assertThat(errorLines(file)).containsExactly(lineError(file, 5, "verify = two", "Bad verify level"));
    }

    @Test
    void bad_yes_no_value_is_rejected_with_stunnels_message() {
        Path file = conf("[svc]\n" + BODY + "verifyChain = maybe\n");

        assertThat(errorLines(file)).containsExactly(lineError(file, 5, "verifyChain = maybe",
            "The argument needs to be either 'yes' or 'no'"));
    }

    @Test
    void verification_without_a_ca_is_rejected_for_the_service() {
        Path file = conf("[svc]\n" + BODY + "verifyChain = yes\n");

        assertThat(errorLines(file))
            .containsExactly("Service [svc]: Either \"CAfile\" or \"CApath\" has to be configured");
    }

    @Test
    void capath_alone_satisfies_verification() throws Exception {
        ServiceConfig svc = onlyService("[svc]\n" + BODY + "CApath = /etc/ssl/certs\nverifyPeer = yes\n");

        assertThat(svc.caPath()).contains("/etc/ssl/certs");
        assertThat(svc.verification().peer()).isTrue();
    }

    // ---- debug

    @Test
    void debug_with_facility_is_accepted_in_the_global_part() throws Exception {
        TunnelConfig config = parse(conf("debug = local3.info\n[svc]\n" + BODY));

        assertThat(config.global().syslogFacility()).isEqualTo("local3");
        assertThat(config.global().debug()).isEqualTo(LogLevel.INFO);
        assertThat(config.services().get(0).debug()).isEqualTo(LogLevel.INFO);
    }

    @Test
    void debug_with_facility_inside_a_section_is_an_illegal_debug_level() {
        Path file = conf(GLOBALS + "[svc]\n" + BODY + "debug = daemon.info\n");

        assertThat(errorLines(file)).containsExactly(
            lineError(file, 7, "debug = daemon.info", "Illegal debug level"));
    }

    @Test
    void debug_with_an_unknown_facility_is_rejected() {
        Path file = conf("debug = nosuch.info\n[svc]\n" + BODY);

        assertThat(errorLines(file)).containsExactly(
            lineError(file, 1, "debug = nosuch.info", "Illegal syslog facility"));
    }

    @Test
    void debug_accepts_a_digit_or_a_level_name_in_any_case() throws Exception {
        TunnelConfig config = parse(conf("debug = 7\n[a]\n" + BODY + "[b]\n" + BODY + "debug = WARNING\n"
            + "[c]\n" + BODY + "debug = 3\n"));

        assertThat(config.global().debug()).isEqualTo(LogLevel.DEBUG);
        assertThat(Configs.service(config, "a").debug()).isEqualTo(LogLevel.DEBUG);
        assertThat(Configs.service(config, "b").debug()).isEqualTo(LogLevel.WARNING);
        assertThat(Configs.service(config, "c").debug()).isEqualTo(LogLevel.ERR);
    }

    @Test
    void debug_level_eight_is_illegal() {
        Path file = conf("[svc]\n" + BODY + "debug = 8\n");

        assertThat(errorLines(file)).containsExactly(lineError(file, 5, "debug = 8", "Illegal debug level"));
    }

    // ---- global options

    @Test
    void foreground_with_an_unknown_word_is_rejected() {
        Path file = conf("foreground=maybe\n[svc]\n" + BODY);

        assertThat(errorLines(file)).containsExactly(lineError(file, 1, "foreground=maybe",
            "The argument needs to be either 'yes', 'quiet' or 'no'"));
    }

    @Test
    void foreground_accepts_quiet_in_any_case() throws Exception {
        TunnelConfig config = parse(conf("foreground = QUIET\n[svc]\n" + BODY));

        assertThat(config.global().foreground()).isEqualTo(Foreground.QUIET);
    }

    @Test
    void relative_output_without_foreground_is_rejected_as_a_global_option() {
        Path file = conf("foreground = no\noutput = jtunnel.log\n[svc]\n" + BODY);

        assertThat(errorLines(file)).containsExactly("Global options: Log file must include full path name");
    }

    @Test
    void relative_pid_without_foreground_is_rejected_as_a_global_option() {
        Path file = conf("pid = jtunnel.pid\n[svc]\n" + BODY);

        assertThat(errorLines(file)).containsExactly("Global options: Pid file must include full path name");
    }

    @Test
    void relative_output_and_pid_are_fine_in_the_foreground() throws Exception {
        TunnelConfig config = parse(conf("foreground = yes\noutput = jtunnel.log\npid = jtunnel.pid\n[svc]\n" + BODY));

        assertThat(config.global().output()).contains("jtunnel.log");
        assertThat(config.global().pidFile()).contains("jtunnel.pid");
    }

    @Test
    void global_options_are_checked_before_the_first_section() {
        Path file = conf("pid = jtunnel.pid\n[svc]\nbogus = 1\n");

        assertThat(errorLines(file)).containsExactly("Global options: Pid file must include full path name");
    }

    // ---- timeouts

    @Test
    void timeout_with_trailing_junk_is_rejected() {
        Path file = conf(GLOBALS + "[svc]\n" + BODY + "TIMEOUTidle = 10s\n");

        assertThat(errorLines(file)).containsExactly(lineError(file, 7, "TIMEOUTidle = 10s", "Illegal idle timeout"));
    }

    @Test
    void each_timeout_names_itself_in_its_error() {
        Path busy = write(dir, "busy.conf", "[svc]\n" + BODY + "TIMEOUTbusy = x\n");
        Path connect = write(dir, "connect.conf", "[svc]\n" + BODY + "TIMEOUTconnect =\n");

        assertThat(errorLines(busy)).containsExactly(lineError(busy, 5, "TIMEOUTbusy = x", "Illegal busy timeout"));
        assertThat(errorLines(connect))
            .containsExactly(lineError(connect, 5, "TIMEOUTconnect =", "Illegal connect timeout"));
    }

    @Test
    void negative_timeouts_are_accepted() throws Exception {
        ServiceConfig svc = onlyService("[svc]\n" + BODY + "TIMEOUTclose = -1\nTIMEOUTidle = -5\n");

        assertThat(svc.timeouts().closeSeconds()).isEqualTo(-1);
        assertThat(svc.timeouts().idleSeconds()).isEqualTo(-5);
        assertThat(Timeouts.millis(svc.timeouts().closeSeconds())).isEqualTo(-1);
    }

    @Test
    void timeout_accepts_an_explicit_plus_sign() throws Exception {
        ServiceConfig svc = onlyService("[svc]\n" + BODY + "TIMEOUTclose = +9\n");

        assertThat(svc.timeouts().closeSeconds()).isEqualTo(9);
    }

    // ---- end-of-section checks

    @Test
    void server_without_certificate_is_rejected() {
        Path file = conf("[svc]\naccept = 127.0.0.1:20001\nconnect = 127.0.0.1:30001\n");

        assertThat(errorLines(file)).containsExactly("Service [svc]: TLS server needs a certificate");
    }

    @Test
    void missing_certificate_is_reported_before_missing_endpoints() {
        Path file = conf("[svc]\naccept = 127.0.0.1:20001\n");

        assertThat(errorLines(file)).containsExactly("Service [svc]: TLS server needs a certificate");
    }

    @Test
    void service_without_connect_must_define_two_endpoints() {
        Path file = conf("[svc]\naccept = 127.0.0.1:20001\ncert = /x.pem\n");

        assertThat(errorLines(file)).containsExactly("Service [svc]: Each service must define two endpoints");
    }

    @Test
    void last_section_is_checked_at_end_of_file() {
        Path file = conf("[ok]\n" + BODY + "[last]\nconnect = 127.0.0.1:1\ncert = /x.pem\n");

        assertThat(errorLines(file)).containsExactly("Service [last]: Each service must define two endpoints");
    }


    @Test
    void empty_file_is_rejected_in_inetd_mode_for_lack_of_certificate() {
        Path file = conf("");

        assertThat(errorLines(file)).containsExactly("Inetd mode: TLS server needs a certificate");
    }

    @Test
    void accept_without_sections_is_only_allowed_in_a_section() {
        Path file = conf("cert = /x.pem\naccept = 127.0.0.1:20001\nconnect = 127.0.0.1:30001\n");

        assertThat(errorLines(file)).containsExactly("Inetd mode: 'accept' option is only allowed in a [section]");
    }

    @Test
    void missing_file_is_an_invalid_configuration_file_name() {
        Path missing = dir.resolve("no-such.conf");

        assertThat(errorLines(missing)).first().isEqualTo("Invalid configuration file name \"" + missing + "\"");
        assertThat(errorLines(missing)).contains("realpath: No such file or directory (2)");
    }

    // ---- option table: unknown, not implemented, ignored

    @Test
    void unknown_option_name_is_not_valid_here() {
        Path file = conf("[svc]\n" + BODY + "TIMEOUTclosed = 1\n");

        assertThat(errorLines(file)).containsExactly(
            lineError(file, 5, "TIMEOUTclosed = 1", "Specified option name is not valid here"));
    }

    @Test
    void unknown_option_in_the_global_part_is_not_valid_here() {
        Path file = conf("nosuchoption = 1\n[svc]\n" + BODY);

        assertThat(errorLines(file)).containsExactly(
            lineError(file, 1, "nosuchoption = 1", "Specified option name is not valid here"));
    }

    @Test
    void not_supported_option_gives_its_reason() {
        Path file = conf("chroot = /var/empty\n[svc]\n" + BODY);

        assertThat(errorLines(file)).singleElement().asString()
            .startsWith(Configs.real(file) + ":1: \"chroot = /var/empty\": ")
            .contains("\"chroot\"")
            .contains("not supported");
    }

    @Test
    void rejected_options_set_to_their_off_value_are_accepted() throws Exception {
        TunnelConfig config = parse(conf("fips = no\n[svc]\n" + BODY + "libwrap = NO\ntransparent = none\n"),
            new RecordingLogSink());

        assertThat(config.services()).hasSize(1);
    }

    @Test
    void rejected_options_set_to_anything_else_give_their_reason() {
        for (String line : new String[] {"libwrap = yes", "transparent = source", "ident = nobody",
            "sessiond = 127.0.0.1:1234"}) {
            Path file = conf("[svc]\n" + BODY + line + "\n");
            String name = line.substring(0, line.indexOf(' '));
            assertThat(errorLines(file)).singleElement().asString()
                .contains("\"" + line + "\": Option \"" + name + "\" is not supported by jtunnel: ");
        }
    }

    @Test
    void ignored_option_parses_with_a_notice() throws Exception {
        RecordingLogSink log = new RecordingLogSink();

        TunnelConfig config = parse(conf("RNDfile = /dev/urandom\n[svc]\n" + BODY), log);

        assertThat(config.services()).hasSize(1);
        assertThat(log.lines()).anySatisfy(line -> assertThat(line)
            .startsWith("NOTICE Option \"RNDfile\" is ignored"));
    }

    @Test
    void ignored_option_value_is_still_validated() {
        Path file = conf("RNDbytes = lots\n[svc]\n" + BODY);

        assertThat(errorLines(file)).containsExactly(lineError(file, 1, "RNDbytes = lots",
            "Illegal number of bytes to read from random seed files"));
    }

    @Test
    void windows_only_taskbar_option_is_not_valid_on_unix() {
        // stunnel 5.68 on Linux has no taskbar/icon* options (USE_WIN32 / ICON_IMAGE only)
        Path file = conf("taskbar = yes\n[svc]\n" + BODY);

        assertThat(errorLines(file)).containsExactly(
            lineError(file, 1, "taskbar = yes", "Specified option name is not valid here"));
    }

    @Test
    void windows_only_icon_option_is_not_valid_on_unix() {
        Path file = conf("iconActive = /x.ico\n[svc]\n" + BODY);

        assertThat(errorLines(file)).containsExactly(
            lineError(file, 1, "iconActive = /x.ico", "Specified option name is not valid here"));
    }

    @Test
    void option_aliases_are_accepted_like_their_option() throws Exception {
        Path file = conf("[svc]\n" + BODY + "curve = prime256v1\nsession = 60\n");

        ServiceConfig service = parse(file).services().get(0);
        assertThat(service.ciphers().curves()).contains(java.util.List.of("prime256v1"));
        assertThat(service.sessions().timeoutSeconds()).isEqualTo(60);
    }

    @Test
    void first_error_stops_parsing() {
        Path file = conf("[svc]\nbogus = 1\nanother = 2\n");

        assertThat(errorLines(file)).containsExactly(
            lineError(file, 2, "bogus = 1", "Specified option name is not valid here"));
    }

    @Test
    void parse_result_records_the_real_path_and_origin_of_values() throws Exception {
        Path file = conf("[svc]\n" + BODY + "TIMEOUTclose = 2\n");

        TunnelConfig config = parse(file);

        assertThat(config.file().toString()).isEqualTo(Configs.real(file));
        assertThat(config.services().get(0).values().origin(Option.TIMEOUT_CLOSE))
            .contains(Configs.real(file) + ":5");
    }
}
