package io.jtunnel.certs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OpenSslSubjectTest {

    @TempDir
    static Path dir;

    static OpenSsl openssl;

    @BeforeAll
    static void makeKey() {
        openssl = new OpenSsl(dir);
        openssl.run("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "key.pem");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "/C=DE/ST=Bavaria/L=Munich/O=Acme/OU=Ops/CN=tunnel.example.com/emailAddress=ops@example.com",
            "/C=DE/O=Acme\\/Sub\\+x/CN=a\\=b\\\\c",
            "/CN=a+OU=b+O=c/C=DE",
            "/CN=a/XX=b+O=c",
            "/commonName=a/organizationName=b/2.5.4.11=oid/emailAddress=e@x",
            "/CN=x/serialNumber=12/street=st/DC=com/UID=u/title=t/GN=g/SN=s/initials=i/name=n/dnQualifier=q",
            "/CN=x/pseudonym=p/postalCode=1/businessCategory=b/description=d/generationQualifier=g",
            "/CN=x/organizationIdentifier=oi/unstructuredName=un/jurisdictionC=DE/jurisdictionST=s/jurisdictionL=l",
            "/CN= spaced value /O=a=b/OU=a\\x/",
            "/O=x/CN=/CN=y/C=",
            "/CN=a/O=x/O=y/C=DE/C=US",
    })
    void subject_is_encoded_byte_for_byte_as_openssl_req_subj_encodes_it(String subj) throws Exception {
        OpenSslSubject.Parsed parsed = OpenSslSubject.parse(subj);

        assertThat(parsed.subject().getEncoded()).isEqualTo(opensslSubject(subj).getEncoded());
    }

    @Test
    void escapes_and_multi_valued_rdn_read_as_openssl_shows_them() throws Exception {
        String subj = "/C=DE/O=Acme\\/Sub\\+x+OU=b/CN=a\\=b\\\\c";

        X500Principal subject = OpenSslSubject.parse(subj).subject();

        assertThat(subject).isEqualTo(opensslSubject(subj));
        assertThat(openssl.run("x509", "-noout", "-subject", "-nameopt", "RFC2253", "-in", "cert.pem"))
                .isEqualToIgnoringNewLines("subject=CN=a=b\\\\c,O=Acme/Sub\\+x+OU=b,C=DE");
    }

    @Test
    void unknown_and_empty_attributes_are_skipped_with_openssl_warnings() throws Exception {
        String subj = "/XX=foo/CN=a/cn=lower/O=/CN=b+YY=c";

        OpenSslSubject.Parsed parsed = OpenSslSubject.parse(subj);

        assertThat(parsed.warnings()).containsExactly(
                "Skipping unknown subject name attribute \"XX\"",
                "Skipping unknown subject name attribute \"cn\"",
                "No value provided for subject name attribute \"O\", skipped",
                "Skipping unknown subject name attribute \"YY\"",
                "a '+' in a value string needs be escaped using '\\' else a new member of a multi-valued RDN"
                        + " is expected");
        assertThat(parsed.warnings()).isEqualTo(opensslMessages(subj, "req warning: ", "req hint: "));
        assertThat(parsed.subject()).isEqualTo(opensslSubject(subj));
    }

    @ParameterizedTest
    @ValueSource(strings = {"CN=x", "", "/CN", "/CN=a/O", "/CN=a\\"})
    void syntax_errors_have_openssl_messages(String subj) {
        String expected = opensslMessages(subj, "req: ").get(0);

        assertThatThrownBy(() -> OpenSslSubject.parse(subj))
                .isInstanceOf(CertificateInputException.class)
                .hasMessage(expected);
    }

    @Test
    void missing_leading_slash_quotes_the_name() {
        assertThatThrownBy(() -> OpenSslSubject.parse("CN=x"))
                .isInstanceOf(CertificateInputException.class)
                .hasMessage("subject name is expected to be in the format /type0=value0/type1=value1/type2=..."
                        + " where characters may be escaped by \\. This name is not in that format: 'CN=x'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/C=DEU/CN=a", "/C=D/CN=a"})
    void country_that_is_not_two_characters_is_refused_as_openssl_refuses_it(String subj) {
        assertThat(openssl.runAllowingFailure("req", "-new", "-key", "key.pem", "-subj", subj).exitCode()).isNotZero();

        assertThatThrownBy(() -> OpenSslSubject.parse(subj))
                .isInstanceOf(CertificateInputException.class)
                .hasMessageStartingWith("Error adding subject name attribute \"" + subj.substring(0, subj.indexOf("/CN"))
                        + "\": string too")
                .hasMessageContaining("the country must be a 2-letter code such as US or DE");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/CN=a/C=D!", "/CN=a/emailAddress=\u00e4@x", "/CN=a/serialNumber=a_b"})
    void characters_the_string_type_cannot_hold_are_refused_as_openssl_refuses_them(String subj) {
        assertThat(openssl.runAllowingFailure("req", "-new", "-key", "key.pem", "-subj", subj).output())
                .contains("illegal characters");

        assertThatThrownBy(() -> OpenSslSubject.parse(subj))
                .isInstanceOf(CertificateInputException.class)
                .hasMessageContaining("illegal characters");
    }

    @Test
    void common_name_longer_than_64_characters_is_refused() {
        assertThatThrownBy(() -> OpenSslSubject.parse("/CN=" + "a".repeat(65)))
                .isInstanceOf(CertificateInputException.class)
                .hasMessageEndingWith("string too long (maxsize=64)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/CN=", "/XX=a"})
    void empty_subject_is_refused(String subj) {
        assertThatThrownBy(() -> OpenSslSubject.parse(subj))
                .isInstanceOf(CertificateInputException.class)
                .hasMessageStartingWith("the subject is empty; jtunnel requires a Common Name (CN)");
    }

    @Test
    void subject_without_common_name_is_refused_with_the_reason() {
        assertThatThrownBy(() -> OpenSslSubject.parse("/C=DE/O=Acme"))
                .isInstanceOf(CertificateInputException.class)
                .hasMessage("the subject has no Common Name; jtunnel requires a Common Name (CN): the cloud console"
                        + " and the clients identify the tunnel by it (use the tunnel's host name,"
                        + " e.g. /CN=tunnel.example.com)");
    }

    @Test
    void parsed_subject_is_used_by_the_certificate_builder() throws Exception {
        X500Principal subject = OpenSslSubject.parse("/C=DE/O=Acme, Inc/CN=tunnel.example.com").subject();
        new CertificateBuilder().subject(subject).keyType(KeyType.EC_P256).build()
                .writeCertificate(dir.resolve("built.pem"));

        assertThat(openssl.run("x509", "-noout", "-subject", "-in", "built.pem"))
                .isEqualToIgnoringNewLines("subject=C = DE, O = \"Acme, Inc\", CN = tunnel.example.com");
    }

    /** The subject of a certificate openssl makes with {@code req -x509 -subj}; leaves it in cert.pem. */
    static X500Principal opensslSubject(String subj) throws Exception {
        openssl.run("req", "-new", "-x509", "-key", "key.pem", "-out", "cert.pem", "-subj", subj);
        try (InputStream in = Files.newInputStream(dir.resolve("cert.pem"))) {
            return ((X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in))
                    .getSubjectX500Principal();
        }
    }

    /** openssl's messages for the subject, with the given prefixes taken off and other lines dropped. */
    static List<String> opensslMessages(String subj, String... prefixes) {
        String output = openssl.runAllowingFailure("req", "-new", "-key", "key.pem", "-subj", subj).output();
        return Arrays.stream(output.split("\\R"))
                .filter(line -> Arrays.stream(prefixes).anyMatch(line::startsWith))
                .map(line -> line.substring(line.indexOf(": ") + 2))
                .collect(Collectors.toList());
    }
}
