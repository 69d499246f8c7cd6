package io.jtunnel.config;

import static io.jtunnel.config.Configs.parse;
import static io.jtunnel.config.Configs.sample;
import static io.jtunnel.config.Configs.write;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ConfigReport#json}: valid JSON with typed values and the effective (inherited) options. */
class ConfigReportJsonTest {

    @TempDir
    Path dir;

    /** Whole numbers come back as Integer, so a test can tell 1 from 1.0 or "1". */
    private static final ObjectMapper STRICT = JsonMapper.builder()
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .build();

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(TunnelConfig config) throws Exception {
        return STRICT.readValue(ConfigReport.json(config), Map.class);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> options(Map<String, Object> root, String service) {
        List<Object> services = (List<Object>) root.get("services");
        return services.stream().map(s -> (Map<String, Object>) s)
            .filter(s -> service.equals(s.get("name")))
            .map(s -> (Map<String, Object>) s.get("options"))
            .findFirst().orElseThrow(() -> new AssertionError("no service " + service));
    }

    @Test
    void report_has_global_and_services_in_file_order() throws Exception {
        Map<String, Object> root = json(parse(sample("globals-and-defaults.conf")));

        assertThat(root).containsOnlyKeys("global", "services");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> services = (List<Map<String, Object>>) root.get("services");
        assertThat(services).extracting(s -> s.get("name")).containsExactly("icap-primary", "icap-secondary");
        assertThat(services).allSatisfy(s -> assertThat(s).containsOnlyKeys("name", "options"));
    }

    @Test
    void global_values_are_reported_with_their_types() throws Exception {
        @SuppressWarnings("unchecked")
        Map<String, Object> global = (Map<String, Object>) json(parse(sample("globals-and-defaults.conf")))
            .get("global");

        assertThat(global).containsEntry("foreground", "yes")
            .containsEntry("pid", "/run/jtunnel/icap.pid")
            .containsEntry("output", "/var/log/jtunnel/icap.log")
            .containsEntry("debug", "daemon.notice")
            .containsEntry("syslog", true)
            .containsEntry("chroot", null);
    }

    @Test
    void flags_are_json_booleans_and_timeouts_json_numbers() throws Exception {
        Map<String, Object> svc = options(json(parse(sample("globals-and-defaults.conf"))), "icap-primary");

        assertThat(svc.get("verifyChain")).isEqualTo(Boolean.TRUE);
        assertThat(svc.get("requireCert")).isEqualTo(Boolean.TRUE);
        assertThat(svc.get("verifyPeer")).isEqualTo(Boolean.FALSE);
        assertThat(svc.get("client")).isEqualTo(Boolean.FALSE);
        assertThat(svc.get("TIMEOUTclose")).isInstanceOf(Integer.class);
        assertThat(svc.get("TIMEOUTidle")).isEqualTo(43200);
        assertThat(svc.get("TIMEOUTconnect")).isEqualTo(10);
    }

    @Test
    void accept_and_connect_are_arrays_of_strings() throws Exception {
        Map<String, Object> svc = options(json(parse(sample("globals-and-defaults.conf"))), "icap-secondary");

        assertThat(svc.get("accept")).isEqualTo(List.of("11345"));
        assertThat(svc.get("connect")).isEqualTo(List.of("127.0.0.1:1345"));
    }

    @Test
    void inherited_and_overridden_values_are_the_effective_ones() throws Exception {
        Map<String, Object> root = json(parse(sample("globals-and-defaults.conf")));

        Map<String, Object> primary = options(root, "icap-primary");
        Map<String, Object> secondary = options(root, "icap-secondary");
        assertThat(primary.get("TIMEOUTclose")).isEqualTo(0);
        assertThat(secondary.get("TIMEOUTclose")).isEqualTo(5);
        assertThat(primary).containsEntry("cert", "/etc/jtunnel/server.pem")
            .containsEntry("CAfile", "/etc/jtunnel/clients-ca.pem");
        assertThat(secondary).containsEntry("cert", "/etc/jtunnel/server.pem")
            .containsEntry("CAfile", "/etc/jtunnel/clients-ca.pem")
            .containsEntry("verifyChain", true);
    }

    @Test
    void several_connect_lines_are_all_in_the_array() throws Exception {
        Path file = write(dir, "multi.conf", "[svc]\naccept = 127.0.0.1:20001\naccept = 127.0.0.1:20002\n"
            + "connect = 127.0.0.1:30001\nconnect = 127.0.0.1:30002\ncert = /x.pem\n");

        Map<String, Object> svc = options(json(parse(file)), "svc");

        assertThat(svc.get("accept")).isEqualTo(List.of("127.0.0.1:20001", "127.0.0.1:20002"));
        assertThat(svc.get("connect")).isEqualTo(List.of("127.0.0.1:30001", "127.0.0.1:30002"));
    }

    @Test
    void windows_paths_and_names_with_spaces_survive_json_escaping() throws Exception {
        Map<String, Object> root = json(parse(sample("mcas-windows-crlf.conf")));

        Map<String, Object> svc = options(root, "microsoft-Cloud App Security");
        assertThat(svc).containsEntry("cert", "C:\\Program Files (x86)\\stunnel\\config\\stunnel-key.pem")
            .containsEntry("TIMEOUTclose", 0)
            .containsEntry("client", false);
        assertThat(ConfigReport.json(parse(sample("mcas-windows-crlf.conf"))))
            .contains("\"C:\\\\Program Files (x86)\\\\stunnel\\\\config\\\\stunnel-key.pem\"");
    }

    @Test
    void unset_verify_level_is_json_null_and_a_set_one_a_number() throws Exception {
        Path file = write(dir, "v.conf", "[a]\naccept = 127.0.0.1:20001\nconnect = 127.0.0.1:30001\ncert = /x.pem\n"
            + "[b]\naccept = 127.0.0.1:20002\nconnect = 127.0.0.1:30002\ncert = /x.pem\nCAfile = /ca.pem\n"
            + "verify = 2\n");

        Map<String, Object> root = json(parse(file));

        assertThat(options(root, "a")).containsEntry("verify", null);
        assertThat(options(root, "b").get("verify")).isEqualTo(2);
    }

    @Test
    void ticket_secrets_are_reported_as_set_but_never_shown() throws Exception {
        String json = ConfigReport.json(parse(write(dir, "s.conf", "[svc]\naccept = 127.0.0.1:29991\n"
            + "connect = 127.0.0.1:1344\ncert = /nonexistent/server.pem\n"
            + "ticketKeySecret = 000102030405060708090a0b0c0d0e0f\nticketMacSecret = 101112131415161718191a1b1c1d1e1f\n")));
        assertThat(json).contains("\"ticketKeySecret\": \"(secret)\"", "\"ticketMacSecret\": \"(secret)\"")
            .doesNotContain("000102030405", "101112131415");
    }
}
