package io.jtunnel.certs;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SelfSignedCertificateTest {

    @TempDir
    static Path dir;

    static OpenSsl openssl;
    static CertificateBundle bundle;
    static Instant builtAt;

    @BeforeAll
    static void writeDefaultCertificate() throws Exception {
        openssl = new OpenSsl(dir);
        builtAt = Instant.now();
        bundle = new CertificateBuilder().subject("CN=server,O=jtunnel test").build();
        bundle.writePrivateKey(dir.resolve("key.pem"));
        bundle.writeCertificate(dir.resolve("cert.pem"));
    }

    @Test
    void self_signed_default_matches_openssl_req_x509() {
        String text = openssl.run("x509", "-noout", "-text", "-in", "cert.pem");

        assertThat(text)
                .contains("Version: 3 (0x2)")
                .contains("Signature Algorithm: sha256WithRSAEncryption")
                .contains("Public-Key: (2048 bit)")
                .contains("Issuer: O = jtunnel test, CN = server")
                .contains("Subject: O = jtunnel test, CN = server")
                .containsPattern("X509v3 Basic Constraints: critical\\R\\s+CA:TRUE")
                .doesNotContain("Key Usage", "Subject Alternative Name");
        assertThat(openssl.extensions("cert.pem")).containsExactly(
                "X509v3 Subject Key Identifier",
                "X509v3 Authority Key Identifier",
                "X509v3 Basic Constraints critical");
    }

    @Test
    void self_signed_default_has_the_same_extensions_as_a_real_openssl_req_x509_certificate() {
        openssl.run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "openssl-key.pem",
                "-out", "openssl-cert.pem", "-days", "1095", "-subj", "/CN=openssl");

        assertThat(openssl.extensions("cert.pem")).isEqualTo(openssl.extensions("openssl-cert.pem"));
    }

    @Test
    void self_signed_default_is_valid_for_1095_days_from_now() {
        Instant notBefore = openssl.notBefore("cert.pem");
        Instant notAfter = openssl.notAfter("cert.pem");

        assertThat(Duration.between(notBefore, notAfter)).isEqualTo(Duration.ofDays(1095));
        assertThat(notBefore).isBetween(builtAt.minusSeconds(1), Instant.now());
    }

    @Test
    void authority_key_identifier_repeats_the_subject_key_identifier() {
        String text = openssl.run("x509", "-noout", "-text", "-in", "cert.pem");

        String ski = text.replaceAll("(?s).*Subject Key Identifier:\\s*\\R\\s*([0-9A-F:]+).*", "$1");
        String aki = text.replaceAll("(?s).*Authority Key Identifier:\\s*\\R\\s*(?:keyid:)?([0-9A-F:]+).*", "$1");
        assertThat(ski).matches("([0-9A-F]{2}:){19}[0-9A-F]{2}");
        assertThat(aki).isEqualTo(ski);
    }

    @Test
    void serial_is_random_positive_and_at_most_159_bits() {
        BigInteger serial = bundle.certificate().getSerialNumber();
        BigInteger other = new CertificateBuilder().subject("CN=other").keyPair(bundle.keyPair()).build()
                .certificate().getSerialNumber();

        assertThat(serial.signum()).isPositive();
        assertThat(serial.bitLength()).isLessThanOrEqualTo(159);
        assertThat(other).isNotEqualTo(serial);
        String printed = openssl.run("x509", "-noout", "-serial", "-in", "cert.pem").strip();
        assertThat(new BigInteger(printed.substring("serial=".length()), 16)).isEqualTo(serial);
    }

    @Test
    void self_signed_certificate_verifies_against_itself() {
        assertThat(openssl.run("verify", "-x509_strict", "-CAfile", "cert.pem", "cert.pem"))
                .isEqualToIgnoringNewLines("cert.pem: OK");
    }

    @Test
    void private_key_is_unencrypted_pkcs8_and_passes_openssl_rsa_check() throws Exception {
        assertThat(Files.readString(dir.resolve("key.pem")))
                .startsWith("-----BEGIN PRIVATE KEY-----")
                .contains("-----END PRIVATE KEY-----");
        assertThat(openssl.run("rsa", "-check", "-noout", "-in", "key.pem")).contains("RSA key ok");
    }

    @Test
    void private_key_matches_the_certificate_public_key() {
        String fromKey = openssl.run("pkey", "-in", "key.pem", "-pubout");
        String fromCertificate = openssl.run("x509", "-pubkey", "-noout", "-in", "cert.pem");

        assertThat(fromKey).startsWith("-----BEGIN PUBLIC KEY-----").isEqualTo(fromCertificate);
    }
}
