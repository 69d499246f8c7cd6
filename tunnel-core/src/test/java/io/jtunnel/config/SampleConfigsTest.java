package io.jtunnel.config;

import static io.jtunnel.config.Configs.errorLines;
import static io.jtunnel.config.Configs.lineError;
import static io.jtunnel.config.Configs.parse;
import static io.jtunnel.config.Configs.sample;
import static io.jtunnel.config.Configs.service;
import static io.jtunnel.config.Configs.socket;
import static org.assertj.core.api.Assertions.assertThat;

import io.jtunnel.log.LogLevel;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The sample configurations of /work/shared/configs against their expected results (configs/README.md). */
class SampleConfigsTest {

    private static List<InetSocketAddress> addresses(List<ListenAddress> accept) {
        return accept.stream().map(ListenAddress::address).toList();
    }

    @Test
    void mcas_linux_parses_one_server_service_whose_name_keeps_its_spaces() throws Exception {
        TunnelConfig config = parse(sample("mcas-linux.conf"));

        assertThat(config.services()).extracting(ServiceConfig::name)
            .containsExactly("microsoft-Cloud App Security");
        ServiceConfig svc = config.services().get(0);
        assertThat(addresses(svc.accept())).containsExactly(socket("0.0.0.0", 11344));
        assertThat(svc.connect()).singleElement().satisfies(c -> {
            assertThat(c.spec()).isEqualTo("10.0.0.5:1344");
            assertThat(c.host()).isEqualTo("10.0.0.5");
            assertThat(c.port()).isEqualTo(1344);
            assertThat(c.resolved()).containsExactly(socket("10.0.0.5", 1344));
            assertThat(c.delayedLookup()).isFalse();
        });
        assertThat(svc.values().effective(Option.CLIENT)).isEqualTo(false);
        assertThat(svc.cert()).contains("/etc/ssl/private/stunnel-key.pem");
        assertThat(svc.keyFile()).contains("/etc/ssl/private/stunnel-key.pem");
        assertThat(svc.caFile()).contains("/etc/ssl/certs/MCASCAfile.pem");
        assertThat(svc.timeouts().closeSeconds()).isEqualTo(1);
    }

    @Test
    void mcas_linux_requests_no_client_certificate_because_only_cafile_is_set() throws Exception {
        ServiceConfig svc = parse(sample("mcas-linux.conf")).services().get(0);

        assertThat(svc.verification()).isEqualTo(PeerVerification.NONE);
        assertThat(svc.verification().request()).isFalse();
        assertThat(svc.verification().verifies()).isFalse();
    }

    @Test
    void mcas_windows_sample_really_has_crlf_line_endings() throws IOException {
        String text = new String(Files.readAllBytes(sample("mcas-windows-crlf.conf")), StandardCharsets.UTF_8);

        assertThat(text).contains("\r\n").doesNotContain("\n\n");
    }

    @Test
    void mcas_windows_crlf_keeps_windows_paths_byte_for_byte_and_drops_every_cr() throws Exception {
        TunnelConfig config = parse(sample("mcas-windows-crlf.conf"));

        assertThat(config.services()).extracting(ServiceConfig::name)
            .containsExactly("microsoft-Cloud App Security");
        ServiceConfig svc = config.services().get(0);
        assertThat(svc.cert()).contains("C:\\Program Files (x86)\\stunnel\\config\\stunnel-key.pem");
        assertThat(svc.caFile()).contains("C:\\Program Files (x86)\\stunnel\\config\\MCASCAfile.pem");
        assertThat(svc.timeouts().closeSeconds()).isZero();
        assertThat(addresses(svc.accept())).containsExactly(socket("0.0.0.0", 11344));
        assertThat(svc.connect()).singleElement()
            .satisfies(c -> assertThat(c.resolved()).containsExactly(socket("10.0.0.5", 1344)));
        assertThat(svc.values().effective(Option.CLIENT)).isEqualTo(false);
        assertThat(svc.name()).doesNotContain("\r");
        assertThat(svc.accept()).allSatisfy(a -> assertThat(a.spec()).doesNotContain("\r"));
        assertThat(svc.connect()).allSatisfy(c -> assertThat(c.spec()).doesNotContain("\r"));
        for (Option option : Option.values()) {
            Object value = svc.values().effective(option);
            assertThat(String.valueOf(value)).as(option.stunnelName()).doesNotContain("\r");
        }
    }

    @Test
    void mcas_older_guide_leaves_client_unset_which_means_server_mode() throws Exception {
        TunnelConfig config = parse(sample("mcas-older-guide.conf"));

        assertThat(config.services()).extracting(ServiceConfig::name).containsExactly("microsoft-cas");
        ServiceConfig svc = config.services().get(0);
        assertThat(svc.values().isSet(Option.CLIENT)).isFalse();
        assertThat(svc.values().effective(Option.CLIENT)).isEqualTo(false);
        assertThat(addresses(svc.accept())).containsExactly(socket("0.0.0.0", 11344));
        assertThat(svc.connect()).singleElement()
            .satisfies(c -> assertThat(c.resolved()).containsExactly(socket("192.168.10.20", 1344)));
        assertThat(svc.timeouts().closeSeconds()).isEqualTo(1);
    }

    @Test
    void globals_and_defaults_reads_the_global_options() throws Exception {
        GlobalOptions global = parse(sample("globals-and-defaults.conf")).global();

        assertThat(global.foreground()).isEqualTo(Foreground.YES);
        assertThat(global.pidFile()).contains("/run/jtunnel/icap.pid");
        assertThat(global.debug()).isEqualTo(LogLevel.NOTICE);
        assertThat(global.syslogFacility()).isEqualTo("daemon");
        assertThat(global.output()).contains("/var/log/jtunnel/icap.log");
    }

    @Test
    void globals_and_defaults_sections_inherit_the_service_level_defaults() throws Exception {
        TunnelConfig config = parse(sample("globals-and-defaults.conf"));

        assertThat(config.services()).extracting(ServiceConfig::name)
            .containsExactly("icap-primary", "icap-secondary");
        for (ServiceConfig svc : config.services()) {
            assertThat(svc.cert()).as(svc.name()).contains("/etc/jtunnel/server.pem");
            assertThat(svc.caFile()).as(svc.name()).contains("/etc/jtunnel/clients-ca.pem");
            assertThat(svc.verification().chain()).as(svc.name()).isTrue();
            assertThat(svc.verification().require()).as(svc.name()).isTrue();
            assertThat(svc.verification().request()).as(svc.name()).isTrue();
            assertThat(svc.verification().peer()).as(svc.name()).isFalse();
        }
        assertThat(service(config, "icap-primary").timeouts().closeSeconds()).isZero();
        assertThat(service(config, "icap-secondary").timeouts().closeSeconds()).isEqualTo(5);
    }

    @Test
    void globals_and_defaults_bare_port_accept_listens_on_every_ipv4_and_ipv6_address() throws Exception {
        TunnelConfig config = parse(sample("globals-and-defaults.conf"));

        assertThat(addresses(service(config, "icap-primary").accept()))
            .containsExactlyInAnyOrder(socket("0.0.0.0", 11344), socket("::", 11344));
        assertThat(addresses(service(config, "icap-secondary").accept()))
            .containsExactlyInAnyOrder(socket("0.0.0.0", 11345), socket("::", 11345));
        assertThat(service(config, "icap-primary").connect()).singleElement()
            .satisfies(c -> assertThat(c.resolved()).containsExactly(socket("127.0.0.1", 1344)));
        assertThat(service(config, "icap-secondary").connect()).singleElement()
            .satisfies(c -> assertThat(c.resolved()).containsExactly(socket("127.0.0.1", 1345)));
    }

    @Test
    void verify_levels_parses_four_services_with_their_own_verification_flags() throws Exception {
        // stunnel 5.68 accepts this file (checkHost is a valid option once verifyChain is set)
        TunnelConfig config = parse(sample("verify-levels.conf"));

        assertThat(config.services()).extracting(ServiceConfig::name)
            .containsExactly("no-verify", "level2", "chain-and-host", "pinned-peer");
        assertThat(service(config, "no-verify").verification()).isEqualTo(PeerVerification.NONE);
        assertThat(service(config, "level2").verification())
            .isEqualTo(new PeerVerification(true, true, true, false));
        assertThat(service(config, "chain-and-host").verification())
            .isEqualTo(new PeerVerification(true, true, true, false));
        assertThat(service(config, "chain-and-host").values().effective(Option.CHECK_HOST))
            .isEqualTo(List.of("client.example.internal"));
        assertThat(service(config, "pinned-peer").verification())
            .isEqualTo(new PeerVerification(true, true, false, true));
        assertThat(service(config, "pinned-peer").caFile()).contains("/etc/jtunnel/allowed-clients.pem");
        assertThat(service(config, "no-verify").caFile()).contains("/etc/jtunnel/ca.pem");
        assertThat(service(config, "level2").caFile()).contains("/etc/jtunnel/ca.pem");
    }

    @Test
    void client_mode_sends_sni_and_verifies_the_servers_chain_and_name() throws Exception {
        ServiceConfig service = parse(sample("client-mode.conf")).services().get(0);

        assertThat(service.name()).isEqualTo("to-remote-icap");
        assertThat(service.client()).isTrue();
        assertThat(service.sni()).contains("icap.example.net");
        assertThat(service.subjectChecks().hosts()).containsExactly("icap.example.net");
        assertThat(service.verification().chain()).isTrue();
        assertThat(service.accept()).extracting(ListenAddress::address)
            .containsExactly(Configs.socket("127.0.0.1", 1344));
        assertThat(service.connect()).extracting(ConnectTarget::spec).containsExactly("icap.example.net:11344");
    }

    @Test
    void failover_has_two_targets_taken_in_turn_and_listens_on_ipv6_any() throws Exception {
        ServiceConfig service = parse(sample("failover.conf")).services().get(0);

        assertThat(service.name()).isEqualTo("icap-ha");
        assertThat(service.connect()).extracting(ConnectTarget::spec)
            .containsExactly("10.1.0.11:1344", "10.1.0.12:1344");
        assertThat(service.policy().failover()).isEqualTo(Failover.RR);
        assertThat(service.timeouts().connectSeconds()).isEqualTo(3);
        assertThat(service.accept()).extracting(ListenAddress::address)
            .containsExactly(Configs.socket("::", 11344));
    }

    @Test
    void broken_unknown_option_is_rejected_on_line_5() {
        Path file = sample("broken-unknown-option.conf");

        assertThat(errorLines(file)).containsExactly(
            lineError(file, 5, "TIMEOUTclosed = 1", "Specified option name is not valid here"));
    }

    @Test
    void broken_missing_equals_is_rejected_on_line_2() {
        Path file = sample("broken-missing-equals.conf");

        assertThat(errorLines(file)).containsExactly(lineError(file, 2, "accept 11344", "No '=' found"));
    }

    @Test
    void broken_no_connect_is_rejected_for_its_service() {
        assertThat(errorLines(sample("broken-no-connect.conf")))
            .containsExactly("Service [svc]: Each service must define two endpoints");
    }

    @Test
    void broken_global_in_section_rejects_pid_on_line_5() {
        Path file = sample("broken-global-in-section.conf");

        assertThat(errorLines(file)).containsExactly(
            lineError(file, 5, "pid = /run/jtunnel.pid", "Specified option name is not valid here"));
    }
}
