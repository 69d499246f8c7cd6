package io.jtunnel.certs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.bouncycastle.asn1.x509.GeneralName;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SubjectAltNamesTest {

    @TempDir
    static Path dir;

    static OpenSsl openssl;

    @BeforeAll
    static void makeKey() {
        openssl = new OpenSsl(dir);
        openssl.run("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "key.pem");
    }

    @Test
    void names_in_a_certificate_are_those_openssl_addext_makes() throws Exception {
        String sans = "DNS:a.example, IP:10.0.0.5,IP:::1,email:ops@example.com, DNS : *.b.example ";
        CertificateBuilder builder = new CertificateBuilder().subject("CN=sans").keyType(KeyType.EC_P256);

        SubjectAltNames.apply(sans, builder).build().writeCertificate(dir.resolve("jtunnel.pem"));
        openssl.run("req", "-new", "-x509", "-key", "key.pem", "-subj", "/CN=sans", "-out", "openssl.pem",
                "-addext", "subjectAltName=" + sans);

        String expected = openssl.run("x509", "-noout", "-ext", "subjectAltName", "-in", "openssl.pem");
        assertThat(expected).contains(
                "DNS:a.example, IP Address:10.0.0.5, IP Address:0:0:0:0:0:0:0:1, email:ops@example.com, DNS:*.b.example");
        assertThat(openssl.run("x509", "-noout", "-ext", "subjectAltName", "-in", "jtunnel.pem")).isEqualTo(expected);
    }

    @Test
    void parse_gives_general_names_in_order() throws Exception {
        assertThat(SubjectAltNames.parse("DNS:a.example,IP:10.0.0.5"))
                .extracting(GeneralName::getTagNo)
                .containsExactly(GeneralName.dNSName, GeneralName.iPAddress);
        assertThat(SubjectAltNames.parse("")).isEmpty();
        assertThat(SubjectAltNames.parse(null)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "DNS:a,foo:bar     | bad subjectAltName entry \"foo:bar\": unsupported type \"foo\"",
            "dns:a             | bad subjectAltName entry \"dns:a\": unsupported type \"dns\"",
            "DNS:              | bad subjectAltName entry \"DNS:\": missing value",
            "DNS               | bad subjectAltName entry \"DNS\": missing value",
            "DNS:a,,DNS:b      | bad subjectAltName entry \"\": empty entry",
            "IP:300.1.1.1      | bad subjectAltName entry \"IP:300.1.1.1\": bad IP address \"300.1.1.1\"",
            "IP:fe80::1%eth0   | bad subjectAltName entry \"IP:fe80::1%eth0\": bad IP address",
            "DNS:a b           | bad subjectAltName entry \"DNS:a b\": a DNS name must be ASCII without spaces",
            "email:\u00e4@x    | bad subjectAltName entry \"email:\u00e4@x\": an email address must be ASCII",
    })
    void bad_entry_is_named_in_the_error(String sans, String message) {
        assertThatThrownBy(() -> SubjectAltNames.apply(sans, new CertificateBuilder()))
                .isInstanceOf(CertificateInputException.class)
                .hasMessageStartingWith(message);
    }
}
