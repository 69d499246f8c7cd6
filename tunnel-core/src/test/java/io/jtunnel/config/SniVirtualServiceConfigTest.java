package io.jtunnel.config;

import static io.jtunnel.config.Configs.errorLines;
import static io.jtunnel.config.Configs.parse;
import static io.jtunnel.config.Configs.service;
import static io.jtunnel.config.Configs.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.jtunnel.certs.CertificateBuilder;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Server-mode {@code sni = PRIMARY:PATTERN} (stunnel's sni_init and matches_wildcard): a section that is a virtual
 * service of an earlier one, with stunnel's messages, checked against the real stunnel 5.68 where it fails the same
 * way before binding anything.
 */
class SniVirtualServiceConfigTest {
    private static final String GLOBALS = "foreground = yes\npid =\n";
    private static final String PRIMARY = "[a]\naccept = 127.0.0.1:29991\nconnect = 127.0.0.1:29992\n"
        + "cert = /etc/jtunnel/server.pem\n";

    @TempDir
    Path dir;

    private Path conf(String text) {
        return write(dir, "stunnel.conf", text);
    }

    @Test
    void a_virtual_service_needs_no_accept_and_names_its_primary_and_pattern() throws Exception {
        TunnelConfig config = parse(conf(GLOBALS + PRIMARY
            + "[b]\nsni = a:*.example.com\nconnect = 127.0.0.1:29993\ncert = /etc/jtunnel/b.pem\n"));

        ServiceConfig virtual = service(config, "b");
        assertThat(virtual.isVirtual()).isTrue();
        assertThat(virtual.virtualService()).contains(new SniVirtualService("a", "*.example.com"));
        assertThat(virtual.accept()).isEmpty();
        assertThat(virtual.sni()).as("no SNI is sent in server mode").isEmpty();
        assertThat(service(config, "a").isVirtual()).isFalse();
    }

    @Test
    void the_value_is_split_at_the_first_colon() throws Exception {
        TunnelConfig config = parse(conf(GLOBALS + PRIMARY
            + "[b]\nsni = a:host:8443\nconnect = 127.0.0.1:29993\ncert = /etc/jtunnel/b.pem\n"));

        assertThat(service(config, "b").virtualService()).contains(new SniVirtualService("a", "host:8443"));
    }

    @Test
    void several_virtual_services_of_one_primary_keep_file_order() throws Exception {
        TunnelConfig config = parse(conf(GLOBALS + PRIMARY
            + "[b]\nsni = a:b.example\nconnect = 127.0.0.1:29993\ncert = /b.pem\n"
            + "[c]\nsni = a:*.example\nconnect = 127.0.0.1:29994\ncert = /c.pem\n"));

        assertThat(config.services()).extracting(ServiceConfig::name).containsExactly("a", "b", "c");
        assertThat(config.services()).extracting(s -> s.virtualService().map(SniVirtualService::pattern).orElse(""))
            .containsExactly("", "b.example", "*.example");
    }

    @Test
    void the_primary_is_found_by_its_service_name_when_renamed() throws Exception {
        TunnelConfig config = parse(conf(GLOBALS + "[a]\nservice = icap\naccept = 127.0.0.1:29991\n"
            + "connect = 127.0.0.1:29992\ncert = /etc/jtunnel/server.pem\n"
            + "[b]\nsni = icap:x.example\nconnect = 127.0.0.1:29993\ncert = /b.pem\n"));

        assertThat(service(config, "b").virtualService()).contains(new SniVirtualService("icap", "x.example"));
    }

    @Test
    void the_section_name_of_a_renamed_primary_is_not_found() {
        Path file = conf(GLOBALS + "[a]\nservice = icap\naccept = 127.0.0.1:29991\nconnect = 127.0.0.1:29992\n"
            + "cert = /etc/jtunnel/server.pem\n[b]\nsni = a:x.example\nconnect = 127.0.0.1:29993\ncert = /b.pem\n");

        assertThat(errorLines(file)).containsExactly("Service [b]: SNI section name not found");
    }

    @Test
    void client_mode_sni_is_still_the_name_sent() throws Exception {
        TunnelConfig config = parse(conf(GLOBALS + "[c]\nclient = yes\naccept = 127.0.0.1:29991\n"
            + "connect = 127.0.0.1:29992\nsni = a:b\n"));

        assertThat(service(config, "c").sni()).contains("a:b");
        assertThat(service(config, "c").virtualService()).isEmpty();
    }

    @Test
    void an_sni_line_reported_by_check_keeps_its_value() throws Exception {
        TunnelConfig config = parse(conf(GLOBALS + PRIMARY
            + "[b]\nsni = a:x.example\nconnect = 127.0.0.1:29993\ncert = /b.pem\n"));

        assertThat(service(config, "b").values().isSet(Option.SNI)).isTrue();
    }

    // ---- stunnel's messages

    @Test
    void a_value_without_colon_is_an_invalid_format() {
        Path file = conf(GLOBALS + PRIMARY + "[b]\nsni = nocolon\nconnect = 127.0.0.1:29993\ncert = /b.pem\n");

        assertThat(errorLines(file)).containsExactly("Service [b]: Invalid SNI parameter format");
    }

    @Test
    void an_unknown_primary_is_not_found() {
        Path file = conf(GLOBALS + PRIMARY + "[b]\nsni = missing:x\nconnect = 127.0.0.1:29993\ncert = /b.pem\n");

        assertThat(errorLines(file)).containsExactly("Service [b]: SNI section name not found");
    }

    @Test
    void the_primary_name_is_case_sensitive() {
        Path file = conf(GLOBALS + PRIMARY + "[b]\nsni = A:x\nconnect = 127.0.0.1:29993\ncert = /b.pem\n");

        assertThat(errorLines(file)).containsExactly("Service [b]: SNI section name not found");
    }

    @Test
    void the_primary_must_come_earlier_in_the_file() {
        Path file = conf(GLOBALS + "[b]\nsni = a:x\nconnect = 127.0.0.1:29993\ncert = /b.pem\n" + PRIMARY);

        assertThat(errorLines(file)).containsExactly("Service [b]: SNI section name not found");
    }

    @Test
    void a_client_primary_is_refused() {
        Path file = conf(GLOBALS + "[a]\nclient = yes\naccept = 127.0.0.1:29991\nconnect = 127.0.0.1:29992\n"
            + "[b]\nsni = a:x\nconnect = 127.0.0.1:29993\ncert = /b.pem\n");

        assertThat(errorLines(file)).containsExactly("Service [b]: SNI primary service is a TLS client");
    }

    @Test
    void a_virtual_service_with_its_own_accept_has_three_endpoints() {
        Path file = conf(GLOBALS + PRIMARY
            + "[b]\nsni = a:x\naccept = 127.0.0.1:29994\nconnect = 127.0.0.1:29993\ncert = /b.pem\n");

        assertThat(errorLines(file)).containsExactly("Service [b]: Each service must define two endpoints");
    }

    @Test
    void a_virtual_service_without_connect_has_one_endpoint() {
        Path file = conf(GLOBALS + PRIMARY + "[b]\nsni = a:x\ncert = /b.pem\n");

        assertThat(errorLines(file)).containsExactly("Service [b]: Each service must define two endpoints");
    }

    @Test
    void a_virtual_service_needs_its_own_certificate() {
        Path file = conf(GLOBALS + PRIMARY + "[b]\nsni = a:x\nconnect = 127.0.0.1:29993\n");

        assertThat(errorLines(file)).containsExactly("Service [b]: TLS server needs a certificate");
    }

    @Test
    void sni_in_inetd_mode_finds_no_section() {
        Path file = conf(GLOBALS + "connect = 127.0.0.1:29992\ncert = /a.pem\nsni = a:x\n");

        assertThat(errorLines(file)).containsExactly("Inetd mode: SNI section name not found");
    }

    /** The same files given to stunnel4: its last {@code [!]} line is jtunnel's error (its own extra lines aside). */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "no colon         | [b]\\nsni = nocolon\\nconnect = 127.0.0.1:29993\\ncert = /nonexistent/b.pem\\n",
        "unknown primary  | [b]\\nsni = missing:x\\nconnect = 127.0.0.1:29993\\ncert = /nonexistent/b.pem\\n",
        "other case       | [b]\\nsni = A:x\\nconnect = 127.0.0.1:29993\\ncert = /nonexistent/b.pem\\n",
        "renamed primary  | [b]\\nsni = a:x\\nconnect = 127.0.0.1:29993\\ncert = /nonexistent/b.pem\\n",
        "with accept      | [b]\\nsni = icap:x\\naccept = 127.0.0.1:29994\\nconnect = 127.0.0.1:29993\\ncert = CERT\\n",
        "without connect  | [b]\\nsni = icap:x\\ncert = CERT\\n",
        "client primary   | [c]\\nclient = yes\\naccept = 127.0.0.1:29995\\nconnect = 127.0.0.1:29996\\n"
            + "[b]\\nsni = c:x\\nconnect = 127.0.0.1:29993\\ncert = /nonexistent/b.pem\\n",
    })
    void errors_match_stunnel(String label, String virtualSections) throws Exception {
        Path cert = dir.resolve("server.pem");
        new CertificateBuilder().subject("CN=a").build().writeCombined(cert, true);
        // the primary is renamed to icap: stunnel builds its TLS context before it reads the next section
        String text = GLOBALS + "[a]\nservice = icap\naccept = 127.0.0.1:29991\nconnect = 127.0.0.1:29992\n"
            + "cert = " + cert + "\n" + virtualSections.replace("\\n", "\n").replace("CERT", cert.toString());
        Path file = conf(text);

        List<String> stunnel = StunnelDifferentialTest.stunnelErrors(file);

        assertThat(stunnel).as("stunnel4 failed").isNotEmpty();
        assertThat(errorLines(file)).containsExactly(stunnel.get(stunnel.size() - 1));
    }
}
