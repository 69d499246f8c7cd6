package io.jtunnel.certs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateReportTest {

    private static final Instant NOT_BEFORE = Instant.parse("2026-11-02T05:15:55Z");
    private static final Instant NOT_AFTER = Instant.parse("2029-11-01T05:15:55Z");

    @TempDir
    static Path dir;

    static OpenSsl openssl;
    static CertificateBundle ca;
    static CertificateBundle server;

    @BeforeAll
    static void writeFiles() throws Exception {
        openssl = new OpenSsl(dir);
        ca = new CertificateBuilder().subject("CN=jtunnel test CA").keyType(KeyType.EC_P256).ca(true).build();
        server = new CertificateBuilder()
                .subject(OpenSslSubject.parse("/C=DE/O=Acme, Inc+OU=a\"b/CN=tunnel.example.com").subject())
                .validity(NOT_BEFORE, NOT_AFTER)
                .issuer(ca)
                .serverAuth()
                .dnsName("tunnel.example.com")
                .ipAddress("10.0.0.5")
                .ipAddress("::1")
                .build();
        Files.writeString(dir.resolve("stunnel-key.pem"), server.combinedPem(true));
        Files.writeString(dir.resolve("cert.pem"), server.chainPem());
        Files.writeString(dir.resolve("wrong-key.pem"), server.chainPem() + ca.privateKeyPem());
    }

    @Test
    void describes_each_certificate_of_the_file_leaf_first() throws Exception {
        String report = CertificateReport.describe(dir.resolve("stunnel-key.pem"), at(NOT_AFTER.minus(Duration.ofDays(30))));

        assertThat(report).startsWith("Certificate 1 of 2\n"
                + "  Subject:             C=DE, OU=a\\\"b + O=\"Acme, Inc\", CN=tunnel.example.com\n"
                + "  Issuer:              CN=jtunnel test CA\n"
                + "  Not Before:          Nov  2 05:15:55 2026 GMT\n"
                + "  Not After:           Nov  1 05:15:55 2029 GMT (30 days left)\n"
                + "  Subject Alt Names:   DNS:tunnel.example.com, IP Address:10.0.0.5, IP Address:0:0:0:0:0:0:0:1\n"
                + "  Key:                 RSA 2048 bit\n"
                + "  Serial:              " + CertificateReport.serial(server.certificate()) + "\n");
        assertThat(report)
                .contains("  CA:                  no\n\nCertificate 2 of 2\n  Subject:             CN=jtunnel test CA\n")
                .contains("  Issuer:              CN=jtunnel test CA (self-signed)\n")
                .contains("  Key:                 EC P-256\n")
                .contains("  Subject Alt Names:   none\n")
                .contains("  CA:                  yes\n")
                .endsWith("\nPrivate key: matches the certificate\n");
    }

    @Test
    void names_dates_serial_and_fingerprints_are_what_openssl_prints() throws Exception {
        String report = CertificateReport.describe(dir.resolve("cert.pem"));

        assertThat(report)
                .contains("  Subject:             " + opensslValue("-subject", "-nameopt", "oneline,-space_eq,-esc_msb"))
                .contains("  Not Before:          " + opensslValue("-startdate"))
                .contains("  Not After:           " + opensslValue("-enddate") + " (")
                .contains("  Serial:              " + opensslValue("-serial"))
                .contains("  SHA-1 Fingerprint:   " + opensslValue("-fingerprint", "-sha1"))
                .contains("  SHA-256 Fingerprint: " + opensslValue("-fingerprint", "-sha256"))
                .endsWith("Private key: none in this file\n");
    }

    @Test
    void key_that_belongs_to_another_certificate_is_reported() throws Exception {
        assertThat(CertificateReport.describe(dir.resolve("wrong-key.pem")))
                .endsWith("\nPrivate key: DOES NOT match the certificate\n");
    }

    @Test
    void days_left_expired_and_not_yet_valid() {
        assertThat(CertificateReport.remaining(server.certificate(), NOT_BEFORE)).isEqualTo("1095 days left");
        assertThat(CertificateReport.remaining(server.certificate(), NOT_AFTER.minusSeconds(3600)))
                .isEqualTo("less than a day left");
        assertThat(CertificateReport.remaining(server.certificate(), NOT_AFTER.plus(Duration.ofDays(3))))
                .isEqualTo("EXPIRED 3 days ago");
        assertThat(CertificateReport.remaining(server.certificate(), NOT_AFTER.plusSeconds(60)))
                .isEqualTo("EXPIRED today");
        assertThat(CertificateReport.remaining(server.certificate(), NOT_BEFORE.minus(Duration.ofDays(1))))
                .isEqualTo("NOT YET VALID, starts in 1 day");
    }

    @Test
    void file_without_certificate_is_an_error_naming_it() throws Exception {
        Path keyOnly = dir.resolve("key.pem");
        Files.writeString(keyOnly, server.privateKeyPem());

        assertThatThrownBy(() -> CertificateReport.describe(keyOnly))
                .isInstanceOf(CertificateInputException.class)
                .hasMessageStartingWith(keyOnly + ": holds no certificate");
    }

    @Test
    void malformed_pem_is_an_error_naming_the_file() throws Exception {
        Path broken = dir.resolve("broken.pem");
        Files.writeString(broken, "-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n");

        assertThatThrownBy(() -> CertificateReport.describe(broken))
                .isInstanceOf(CertificateInputException.class)
                .hasMessageStartingWith(broken + ": not a readable PEM file");
    }

    /** openssl x509's answer for one option, without its "name=" prefix. */
    private static String opensslValue(String... options) {
        String[] args = new String[options.length + 4];
        args[0] = "x509";
        args[1] = "-noout";
        System.arraycopy(options, 0, args, 2, options.length);
        args[args.length - 2] = "-in";
        args[args.length - 1] = "cert.pem";
        String line = openssl.run(args).strip();
        return line.substring(line.indexOf('=') + 1);
    }

    private static Clock at(Instant instant) {
        return Clock.fixed(instant, ZoneOffset.UTC);
    }
}
