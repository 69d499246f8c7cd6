package io.jtunnel.tls;

import io.jtunnel.certs.OpenSsl;
import static org.assertj.core.api.Assertions.assertThat;

import io.jtunnel.config.SubjectChecks;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link SubjectMatcher} against OpenSSL itself: {@code openssl x509 -checkhost/-checkemail/-checkip} call
 * {@code X509_check_host}, {@code X509_check_email} and {@code X509_check_ip_asc} with flags 0, exactly as stunnel's
 * verify.c does, so their answer is the reference for each name.
 */
class SubjectMatcherVersusOpenSslTest {
    private static final String SANS = "subjectAltName=DNS:*.example.com,DNS:www*.example.org,DNS:exact.example.net,"
        + "IP:10.1.2.3,IP:2001:db8::1,email:Mixed@Example.COM";

    @TempDir
    static Path dir;

    private static OpenSsl openssl;
    private static X509Certificate withSans;
    private static X509Certificate cnOnly;

    @BeforeAll
    static void makeCertificates() throws Exception {
        openssl = new OpenSsl(dir);
        openssl.run("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", "sans.key", "-out", "sans.pem", "-days", "2",
            "-subj", "/CN=cn.example.net/emailAddress=subject@example.com", "-addext", SANS);
        openssl.run("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", "cn.key", "-out", "cn.pem", "-days", "2",
            "-subj", "/CN=*.wild.example/emailAddress=subject@example.com");
        withSans = read("sans.pem");
        cnOnly = read("cn.pem");
    }

    private static X509Certificate read(String name) throws Exception {
        try (InputStream in = Files.newInputStream(dir.resolve(name))) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    private static boolean openSslMatches(String file, String option, String value) {
        String output = openssl.run("x509", "-noout", "-in", file, option, value);
        assertThat(output).containsAnyOf("does match", "does NOT match");
        return output.contains("does match");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a.example.com", "A.EXAMPLE.COM", "a.b.example.com", "example.com", "exact.example.net",
        "cn.example.net", "other.test"})
    void check_host_agrees_with_openssl(String host) {
        assertThat(SubjectMatcher.matches(withSans, new SubjectChecks(List.of(host), List.of(), List.of())))
            .as("checkHost = %s", host).isEqualTo(openSslMatches("sans.pem", "-checkhost", host));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a.wild.example", "a.b.wild.example", "wild.example"})
    void check_host_against_a_wildcard_common_name_agrees_with_openssl(String host) {
        assertThat(SubjectMatcher.matches(cnOnly, new SubjectChecks(List.of(host), List.of(), List.of())))
            .as("checkHost = %s", host).isEqualTo(openSslMatches("cn.pem", "-checkhost", host));
    }

    /** Corner cases of X509_check_host with flags 0: partial wildcards, a leading dot, a trailing dot. */
    @ParameterizedTest
    @ValueSource(strings = {"www1.example.org", "www.example.org", "wwx.example.org", ".example.net",
        "exact.example.net."})
    void check_host_corner_cases_agree_with_openssl(String host) {
        assertThat(SubjectMatcher.matches(withSans, new SubjectChecks(List.of(host), List.of(), List.of())))
            .as("checkHost = %s", host).isEqualTo(openSslMatches("sans.pem", "-checkhost", host));
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.1.2.3", "10.1.2.4", "2001:db8::1", "2001:0db8:0:0:0:0:0:1", "2001:db8::2"})
    void check_ip_agrees_with_openssl(String ip) {
        assertThat(SubjectMatcher.matches(withSans, new SubjectChecks(List.of(), List.of(ip), List.of())))
            .as("checkIP = %s", ip).isEqualTo(openSslMatches("sans.pem", "-checkip", ip));
    }

    @ParameterizedTest
    @ValueSource(strings = {"::ffff:10.1.2.3"})
    void check_ip_of_an_ipv4_mapped_ipv6_address_agrees_with_openssl(String ip) {
        assertThat(SubjectMatcher.matches(withSans, new SubjectChecks(List.of(), List.of(ip), List.of())))
            .as("checkIP = %s", ip).isEqualTo(openSslMatches("sans.pem", "-checkip", ip));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Mixed@Example.COM", "Mixed@example.com", "other@example.com"})
    void check_email_agrees_with_openssl(String email) {
        assertThat(SubjectMatcher.matches(withSans, new SubjectChecks(List.of(), List.of(), List.of(email))))
            .as("checkEmail = %s", email).isEqualTo(openSslMatches("sans.pem", "-checkemail", email));
    }

    @ParameterizedTest
    @ValueSource(strings = {"subject@example.com"})
    void check_email_uses_the_subject_only_without_email_san_as_openssl(String email) {
        assertThat(SubjectMatcher.matches(cnOnly, new SubjectChecks(List.of(), List.of(), List.of(email))))
            .as("cn.pem checkEmail = %s", email).isEqualTo(openSslMatches("cn.pem", "-checkemail", email));
        assertThat(SubjectMatcher.matches(withSans, new SubjectChecks(List.of(), List.of(), List.of(email))))
            .as("sans.pem checkEmail = %s", email).isEqualTo(openSslMatches("sans.pem", "-checkemail", email));
    }

    @ParameterizedTest
    @ValueSource(strings = {"mixed@example.com"})
    void check_email_compares_the_local_part_case_sensitively_as_openssl(String email) {
        assertThat(SubjectMatcher.matches(withSans, new SubjectChecks(List.of(), List.of(), List.of(email))))
            .as("checkEmail = %s", email).isEqualTo(openSslMatches("sans.pem", "-checkemail", email));
    }
}
