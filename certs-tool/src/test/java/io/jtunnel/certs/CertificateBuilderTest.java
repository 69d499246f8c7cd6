package io.jtunnel.certs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateBuilderTest {

    // One key for the tests that are not about keys: RSA generation is the slow part.
    private static final KeyPair KEYS = KeyType.DEFAULT.generate(new SecureRandom());

    @TempDir
    Path dir;

    @Test
    void expired_certificate_is_reported_expired_by_openssl_verify() throws Exception {
        Instant now = Instant.now();
        CertificateBundle expired = new CertificateBuilder()
                .subject("CN=expired")
                .keyPair(KEYS)
                .validity(now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(1)))
                .build();
        expired.writeCertificate(dir.resolve("expired.pem"));

        OpenSsl.Result result = new OpenSsl(dir).runAllowingFailure("verify", "-CAfile", "expired.pem", "expired.pem");

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output()).contains("certificate has expired");
    }

    @Test
    void validity_starts_at_the_clock_and_lasts_the_given_days() {
        Instant now = Instant.parse("2026-11-22T05:20:19.750Z");
        X509Certificate certificate = new CertificateBuilder(Clock.fixed(now, ZoneOffset.UTC), new SecureRandom())
                .subject("CN=clocked")
                .keyPair(KEYS)
                .validForDays(30)
                .build()
                .certificate();

        assertThat(certificate.getNotBefore().toInstant()).isEqualTo(Instant.parse("2026-11-22T05:20:19Z"));
        assertThat(certificate.getNotAfter().toInstant()).isEqualTo(Instant.parse("2026-12-22T05:20:19Z"));
    }

    @Test
    void explicit_validity_is_used_as_given() {
        Instant notBefore = Instant.parse("2030-01-01T00:00:00Z");
        Instant notAfter = Instant.parse("2055-06-30T12:00:00Z");
        X509Certificate certificate = new CertificateBuilder()
                .subject("CN=future")
                .keyPair(KEYS)
                .validity(notBefore, notAfter)
                .build()
                .certificate();

        assertThat(certificate.getNotBefore().toInstant()).isEqualTo(notBefore);
        assertThat(certificate.getNotAfter().toInstant()).isEqualTo(notAfter);
    }

    @Test
    void certified_key_pair_is_the_one_given() {
        CertificateBundle bundle = new CertificateBuilder().subject("CN=given").keyPair(KEYS).build();

        assertThat(bundle.keyPair()).isSameAs(KEYS);
        assertThat(bundle.certificate().getPublicKey()).isEqualTo(KEYS.getPublic());
        assertThat(bundle.chain()).isEmpty();
    }

    @Test
    void self_signed_certificate_can_be_marked_not_a_ca() {
        X509Certificate certificate = new CertificateBuilder().subject("CN=leaf").keyPair(KEYS).ca(false).build()
                .certificate();

        assertThat(certificate.getBasicConstraints()).isEqualTo(-1);
        assertThat(certificate.getKeyUsage()).isNull();
    }

    @Test
    void build_without_subject_fails() {
        assertThatIllegalStateException()
                .isThrownBy(() -> new CertificateBuilder().keyPair(KEYS).build())
                .withMessage("subject is not set");
    }

    @Test
    void rejects_malformed_subject() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new CertificateBuilder().subject("server"))
                .withMessageStartingWith("invalid subject \"server\": ");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new CertificateBuilder().subject(""))
                .withMessage("invalid subject \"\": empty distinguished name");
    }

    @Test
    void rejects_malformed_san_entries() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new CertificateBuilder().ipAddress("localhost"))
                .withMessage("invalid IP address \"localhost\"");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new CertificateBuilder().ipAddress("256.1.1.1"))
                .withMessage("invalid IP address \"256.1.1.1\"");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new CertificateBuilder().dnsName("bücher.example"))
                .withMessage("invalid DNS name \"bücher.example\"");
    }

    @Test
    void rejects_empty_or_reversed_validity() {
        Instant now = Instant.now();
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new CertificateBuilder().validForDays(0))
                .withMessage("days = 0: value out of range (expected: > 0)");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new CertificateBuilder().validity(now, now))
                .withMessageContaining("must be later than notBefore");
    }
}
