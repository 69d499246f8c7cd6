package io.jtunnel.tls;

import io.jtunnel.certs.OpenSsl;
import static org.assertj.core.api.Assertions.assertThat;

import io.jtunnel.certs.CertificateBuilder;
import io.jtunnel.certs.CertificateBundle;
import io.jtunnel.certs.KeyType;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link CertificateNames} against openssl's own one-line form. stunnel prints names with
 * {@code XN_FLAG_ONELINE & ~ASN1_STRFLGS_ESC_MSB & ~XN_FLAG_SPC_EQ}, which is
 * {@code openssl x509 -nameopt oneline,-esc_msb,-space_eq}.
 */
class CertificateNamesTest {
    @TempDir
    Path dir;

    private String openSslName(CertificateBundle bundle, String which) throws Exception {
        bundle.writeCertificate(dir.resolve("cert.pem"));
        String line = new OpenSsl(dir).run("x509", "-noout", "-" + which, "-nameopt", "oneline,-esc_msb,-space_eq",
            "-in", "cert.pem").strip();
        assertThat(line).startsWith(which + "=");
        return line.substring(which.length() + 1);
    }

    private static CertificateBundle selfSigned(String rfc2253) {
        return new CertificateBuilder().subject(rfc2253).keyType(KeyType.EC_P256).build();
    }

    @Test
    void subject_is_printed_as_openssl_prints_it_in_certificate_order() throws Exception {
        CertificateBundle bundle = selfSigned("EMAILADDRESS=a@b.c,CN=name,OU=Unit,O=Org,ST=State,C=US");

        String expected = openSslName(bundle, "subject");

        assertThat(expected).isEqualTo("C=US, ST=State, O=Org, OU=Unit, CN=name, emailAddress=a@b.c");
        assertThat(CertificateNames.subject(bundle.certificate())).isEqualTo(expected);
    }

    @Test
    void issuer_is_printed_as_openssl_prints_it() throws Exception {
        CertificateBundle leaf = new CertificateBuilder().subject("CN=leaf").keyType(KeyType.EC_P256)
            .issuer(TestChains.INTERMEDIATE).build();

        assertThat(CertificateNames.issuer(leaf.certificate())).isEqualTo(openSslName(leaf, "issuer"))
            .isEqualTo("O=jtunnel, CN=Test Intermediate");
    }

    @ParameterizedTest
    @ValueSource(strings = {"CN=Zo\u00eb,O=Caf\u00e9 \u00fcber", "CN=multi+UID=x,O=Org", "DC=com,DC=example,CN=host",
        "CN=person,L=Paris,C=FR"})
    void subject_with_utf8_multi_valued_and_domain_components_matches_openssl(String rfc2253) throws Exception {
        CertificateBundle bundle = selfSigned(rfc2253);

        assertThat(CertificateNames.subject(bundle.certificate())).isEqualTo(openSslName(bundle, "subject"));
    }

    /** Characters RFC 2253 escapes: OpenSSL's ESC_QUOTE flag puts the value in double quotes instead. */
    @ParameterizedTest
    @ValueSource(strings = {"CN=server,O=Foo\\, Inc.", "CN=a\\+b", "CN=x\\=y"})
    void subject_with_special_characters_matches_openssl(String rfc2253) throws Exception {
        CertificateBundle bundle = selfSigned(rfc2253);

        assertThat(CertificateNames.subject(bundle.certificate())).isEqualTo(openSslName(bundle, "subject"));
    }

    /** Attribute names: OpenSSL prints its short names (serialNumber, street, title, GN, SN). */
    @ParameterizedTest
    @ValueSource(strings = {"SERIALNUMBER=12345,CN=person", "STREET=1 Main St,CN=person"})
    void subject_attribute_names_match_openssls_short_names(String rfc2253) throws Exception {
        CertificateBundle bundle = selfSigned(rfc2253);

        assertThat(CertificateNames.subject(bundle.certificate())).isEqualTo(openSslName(bundle, "subject"));
    }
}
