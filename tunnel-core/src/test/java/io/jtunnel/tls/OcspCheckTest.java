package io.jtunnel.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jtunnel.certs.CertificateBuilder;
import io.jtunnel.certs.CertificateBundle;
import io.jtunnel.config.OcspSettings;
import io.jtunnel.config.PeerVerification;
import io.jtunnel.config.SubjectChecks;
import io.jtunnel.log.RecordingLogSink;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.CertPathValidatorException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * stunnel 5.68's OCSP check (verify.c ocsp_check/ocsp_request) through {@link PeerCertificateVerifier}, against a real
 * {@code openssl ocsp} responder and, for the answers it cannot give, a responder in the test: each outcome's
 * verdict and stunnel's log lines (the ones Debian's stunnel4 printed for the same cases).
 */
@Timeout(60)
class OcspCheckTest {
    @TempDir
    Path dir;
    private OcspTestPki pki;
    private final RecordingLogSink log = new RecordingLogSink();

    @BeforeEach
    void pki() throws Exception {
        pki = new OcspTestPki(dir);
    }

    private PeerCertificateVerifier verifier(String url, boolean aia, boolean nonce, String... flags) {
        return verifier(new OcspSettings(Optional.ofNullable(url), aia, nonce, Set.of(flags)), 10);
    }

    private PeerCertificateVerifier verifier(OcspSettings settings, int busySeconds) {
        List<X509Certificate> trusted = List.of(pki.ca.certificate());
        return new PeerCertificateVerifier(PeerVerification.NONE.withVerifyChain(true), SubjectChecks.NONE, trusted,
            CrlCheck.OFF, new OcspCheck(settings, trusted, 10, busySeconds));
    }

    private static X509Certificate[] chain(CertificateBundle bundle) {
        return new X509Certificate[] {bundle.certificate()};
    }

    private PeerCertificateRejectedException rejected(PeerCertificateVerifier verifier, CertificateBundle peer) {
        try {
            verifier.verify(chain(peer), log);
        } catch (PeerCertificateRejectedException e) {
            return e;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("accepted; log: " + log.lines());
    }

    @Test
    void good_certificate_is_accepted_by_openssl_ocsp_with_stunnels_lines() throws Exception {
        try (OpensslOcspResponder responder = new OpensslOcspResponder(pki)) {
            verifier(responder.url(), false, false).verify(chain(pki.good), log);

            String at = "127.0.0.1:" + responder.port();
            assertThat(log.lines()).containsSubsequence("DEBUG OCSP: Ignoring root certificate",
                "NOTICE OCSP: Connecting the configured responder \"" + responder.url() + "\"",
                "INFO s_connect: connecting " + at, "NOTICE s_connect: connected " + at,
                "DEBUG OCSP: Connected " + at, "DEBUG OCSP: Response received", "INFO OCSP: Status: good")
                .contains("NOTICE OCSP: Certificate accepted")
                .anyMatch(line -> line.matches("INFO OCSP: This update: [A-Z][a-z]{2} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d"
                    + " \\d{4} GMT"))
                .anyMatch(line -> line.startsWith("INFO OCSP: Next update: "));
        }
    }

    @Test
    void revoked_certificate_is_rejected_with_its_reason_and_a_revoked_cause() throws Exception {
        try (OpensslOcspResponder responder = new OpensslOcspResponder(pki)) {
            PeerCertificateRejectedException e = rejected(verifier(responder.url(), false, false), pki.revoked);

            assertThat(e.rejectionLine()).isEqualTo("Rejected by OCSP at depth=0: CN=revoked client");
            assertThat(e.detail()).isNull();
            assertThat(e.getCause()).isInstanceOfSatisfying(CertPathValidatorException.class,
                cause -> assertThat(cause.getReason()).isEqualTo(CertPathValidatorException.BasicReason.REVOKED));
            assertThat(log.lines()).containsSubsequence("INFO OCSP: Status: revoked",
                "ERR OCSP: Certificate revoked: 1: keyCompromise")
                .anyMatch(line -> line.startsWith("NOTICE OCSP: Revoked at: "))
                .noneMatch(line -> line.contains("Certificate accepted"));
        }
    }

    @Test
    void certificate_the_responder_does_not_know_is_rejected() throws Exception {
        try (OpensslOcspResponder responder = new OpensslOcspResponder(pki)) {
            PeerCertificateRejectedException e = rejected(verifier(responder.url(), false, false), pki.unlisted);

            assertThat(e.rejectionLine()).isEqualTo("Rejected by OCSP at depth=0: CN=unlisted client");
            assertThat(e.getCause()).isNull();
            assertThat(log.lines()).containsSubsequence("INFO OCSP: Status: unknown",
                "WARNING OCSP: Unknown verification status");
        }
    }

    @Test
    void unreachable_responder_rejects_as_stunnel_5_68_does() throws Exception {
        int port = OpensslOcspResponder.freePort();
        rejected(verifier("http://127.0.0.1:" + port + "/", false, false), pki.good);

        assertThat(log.lines()).containsSubsequence("INFO s_connect: connecting 127.0.0.1:" + port,
            "ERR s_connect: connect 127.0.0.1:" + port + ": Connection refused (111)");
    }

    @Test
    void https_and_unparsable_urls_fail_the_check_with_stunnels_messages() {
        rejected(verifier("https://127.0.0.1:1/", false, false), pki.good);
        rejected(verifier("ftp://127.0.0.1/", false, false), pki.good);
        rejected(verifier("http://no-such-host.invalid/", false, false), pki.good);

        assertThat(log.lines()).containsSubsequence(
            "ERR OCSP: TLS not supported for OCSP - an additional stunnel service needs to be defined",
            "ERR OCSP: Failed to parse the OCSP URL",
            "ERR OCSP: Failed to resolve the OCSP responder address");
    }

    @Test
    void nonce_is_sent_and_must_come_back() throws Exception {
        BcOcspResponder.Signed echoing = new BcOcspResponder.Signed(pki.responder);
        try (BcOcspResponder responder = new BcOcspResponder(echoing);
             OpensslOcspResponder openssl = new OpensslOcspResponder(pki)) {
            verifier(responder.url(), false, true).verify(chain(pki.good), log);
            verifier(openssl.url(), false, true).verify(chain(pki.good), log);
            verifier(responder.url(), false, false).verify(chain(pki.good), log);

            assertThat(responder.requests.get(0).getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce)).isNotNull();
            assertThat(responder.requests.get(1).getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce)).isNull();
            echoing.withoutNonce();
            rejected(verifier(responder.url(), false, true), pki.good);
            assertThat(log.lines()).contains("ERR OCSP: Invalid or unsupported nonce");
        }
    }

    @Test
    void responder_without_ocsp_signing_usage_is_refused_unless_nochecks() throws Exception {
        try (BcOcspResponder responder = new BcOcspResponder(new BcOcspResponder.Signed(pki.notResponder))) {
            rejected(verifier(responder.url(), false, false), pki.good);
            assertThat(log.lines()).containsSubsequence(
                "ERR error queue: error:13800070:OCSP routines::root ca not trusted",
                "ERR OCSP: OCSP_basic_verify: error:13800067:OCSP routines::missing ocspsigning usage");

            verifier(responder.url(), false, false, "NOCHECKS").verify(chain(pki.good), log);
            verifier(responder.url(), false, false, "NOVERIFY").verify(chain(pki.good), log);
        }
    }

    @Test
    void the_issuing_ca_itself_may_sign() throws Exception {
        try (BcOcspResponder responder = new BcOcspResponder(new BcOcspResponder.Signed(pki.ca))) {
            verifier(responder.url(), false, false).verify(chain(pki.good), log);
            assertThat(log.lines()).contains("NOTICE OCSP: Certificate accepted");
        }
    }

    @Test
    void bad_signature_is_refused_unless_nosigs() throws Exception {
        CertificateBundle forged = new CertificateBundle(new CertificateBuilder().subject("CN=x").build().keyPair(),
            pki.responder.certificate(), pki.responder.chain());
        try (BcOcspResponder responder = new BcOcspResponder(new BcOcspResponder.Signed(forged))) {
            rejected(verifier(responder.url(), false, false), pki.good);
            assertThat(log.lines()).contains(
                "ERR OCSP: OCSP_basic_verify: error:13800075:OCSP routines::signature failure");

            verifier(responder.url(), false, false, "NOSIGS").verify(chain(pki.good), log);
        }
    }

    @Test
    void signer_must_be_found_and_verified() throws Exception {
        CertificateBundle stranger = new CertificateBuilder().subject("CN=stranger").ca(true).build();
        try (BcOcspResponder missing = new BcOcspResponder(new BcOcspResponder.Signed(pki.responder)
                 .withoutSignerCertificate());
             BcOcspResponder included = new BcOcspResponder(new BcOcspResponder.Signed(pki.responder));
             BcOcspResponder untrusted = new BcOcspResponder(new BcOcspResponder.Signed(stranger))) {
            rejected(verifier(missing.url(), false, false), pki.good);
            rejected(verifier(included.url(), false, false, "NOINTERN"), pki.good);
            rejected(verifier(untrusted.url(), false, false), pki.good);

            assertThat(log.lines()).containsSubsequence(
                "ERR OCSP: OCSP_basic_verify: error:13800076:OCSP routines::signer certificate not found",
                "ERR OCSP: OCSP_basic_verify: error:13800076:OCSP routines::signer certificate not found",
                "ERR OCSP: OCSP_basic_verify: error:13800065:OCSP routines::certificate verify error",
                "DEBUG OCSP: Verify error:self-signed certificate");
        }
    }

    @Test
    void out_of_date_status_is_refused() throws Exception {
        Instant now = Instant.now();
        try (BcOcspResponder expired = new BcOcspResponder(new BcOcspResponder.Signed(pki.responder)
                 .times(now.minus(Duration.ofDays(2)), now.minus(Duration.ofDays(1))));
             BcOcspResponder early = new BcOcspResponder(new BcOcspResponder.Signed(pki.responder)
                 .times(now.plus(Duration.ofHours(1)), null))) {
            rejected(verifier(expired.url(), false, false), pki.good);
            rejected(verifier(early.url(), false, false), pki.good);

            assertThat(log.lines()).containsSubsequence("INFO OCSP: Status: good",
                "ERR OCSP: OCSP_check_validity: error:1380007D:OCSP routines::status expired",
                "INFO OCSP: Status: good",
                "ERR OCSP: OCSP_check_validity: error:1380007E:OCSP routines::status not yet valid")
                .doesNotContain("NOTICE OCSP: Certificate accepted");
        }
    }

    @Test
    void responder_errors_and_garbage_reject() throws Exception {
        try (BcOcspResponder tryLater = new BcOcspResponder(BcOcspResponder.status(3));
             BcOcspResponder garbage = new BcOcspResponder(request -> "hello".getBytes(StandardCharsets.US_ASCII));
             BcOcspResponder failing = new BcOcspResponder(request -> null)) {
            rejected(verifier(tryLater.url(), false, false), pki.good);
            rejected(verifier(garbage.url(), false, false), pki.good);
            rejected(verifier(failing.url(), false, false), pki.good);

            assertThat(log.lines()).containsSubsequence("ERR OCSP: Responder error: 3: trylater",
                "ERR OCSP: OCSP_sendreq_nbio: error:1E80006E:HTTP routines::missing asn1 encoding",
                "ERR OCSP: OCSP_sendreq_nbio: error:1E800069:HTTP routines::received error");
        }
    }

    @Test
    void a_silent_responder_is_given_up_after_timeout_busy() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (BcOcspResponder silent = new BcOcspResponder(request -> {
            release.await(30, TimeUnit.SECONDS);
            return null;
        })) {
            rejected(verifier(new OcspSettings(Optional.of(silent.url()), false, false, Set.of()), 1), pki.good);
            assertThat(log.lines()).contains("INFO OCSP: s_poll_wait: TIMEOUTbusy exceeded");
        } finally {
            release.countDown();
        }
    }

    @Test
    void aia_responders_are_asked_when_ocspaia_is_on() throws Exception {
        BcOcspResponder.Signed answers = new BcOcspResponder.Signed(pki.responder);
        try (BcOcspResponder responder = new BcOcspResponder(answers)) {
            CertificateBundle good = pki.aiaClient("CN=aia good", responder.url());
            CertificateBundle revoked = pki.aiaClient("CN=aia revoked", responder.url());
            answers.revoked(revoked);

            verifier(null, true, false).verify(chain(good), log);
            assertThat(log.lines()).contains("NOTICE OCSP: Connecting the AIA responder \"" + responder.url() + "\"",
                "NOTICE OCSP: Certificate accepted");
            assertThat(rejected(verifier(null, true, false), revoked).rejectionLine())
                .isEqualTo("Rejected by OCSP at depth=0: CN=aia revoked");
            // a certificate without an AIA responder is not checked at all (X509_get1_ocsp finds nothing)
            verifier(null, true, false).verify(chain(pki.unlisted), log);
            assertThat(responder.requests).hasSize(2);
            // without OCSPaia the AIA URL is ignored
            verifier(null, false, false).verify(chain(revoked), log);
            assertThat(responder.requests).hasSize(2);
        }
    }

    @Test
    void every_certificate_but_the_root_is_checked_from_the_top_down() throws Exception {
        CertificateBundle intermediate = new CertificateBuilder().subject("CN=intermediate").ca(true)
            .issuer(pki.ca).build();
        CertificateBundle leaf = new CertificateBuilder().subject("CN=leaf").clientAuth().issuer(intermediate)
            .build();
        BcOcspResponder.Signed answers = new BcOcspResponder.Signed(pki.ca);
        try (BcOcspResponder responder = new BcOcspResponder(answers)) {
            X509Certificate[] presented = {leaf.certificate(), intermediate.certificate()};
            // the root signs for both; NOCHECKS lets it answer for the intermediate's leaf too
            verifier(responder.url(), false, false, "NOCHECKS").verify(presented, log);
            assertThat(responder.requests).hasSize(2);
            assertThat(responder.requests.get(0).getRequestList()[0].getCertID().getSerialNumber())
                .isEqualTo(intermediate.certificate().getSerialNumber());

            answers.revoked(intermediate);
            PeerCertificateRejectedException e;
            try {
                verifier(responder.url(), false, false, "NOCHECKS").verify(presented, log);
                throw new AssertionError("accepted");
            } catch (PeerCertificateRejectedException rejected) {
                e = rejected;
            }
            assertThat(e.rejectionLine()).isEqualTo("Rejected by OCSP at depth=1: CN=intermediate");
        }
    }

    @Test
    void nothing_is_asked_when_no_verification_flag_is_set() throws Exception {
        try (BcOcspResponder responder = new BcOcspResponder(new BcOcspResponder.Signed(pki.responder))) {
            List<X509Certificate> trusted = List.of(pki.ca.certificate());
            OcspSettings settings = new OcspSettings(Optional.of(responder.url()), false, false, Set.of());
            PeerCertificateVerifier verifier = new PeerCertificateVerifier(PeerVerification.NONE.withRequireCert(true),
                SubjectChecks.NONE, trusted, CrlCheck.OFF, new OcspCheck(settings, trusted, 10, 10));
            verifier.verify(chain(pki.good), log);
            assertThat(verifier.blocks()).isFalse();
            assertThat(responder.requests).isEmpty();
        }
    }

    @Test
    void sslerror_prints_the_newest_errors_first_and_an_empty_queue_as_stunnel_does() {
        OcspCheck.sslError(log, "OCSP: OCSP_resp_find_status", List.of());
        OcspCheck.sslError(log, "OCSP: X", List.of("first", "second"));
        assertThat(log.lines()).containsExactly("ERR OCSP: OCSP_resp_find_status: Peer suddenly disconnected",
            "ERR error queue: second", "ERR OCSP: X: first");
    }
}
