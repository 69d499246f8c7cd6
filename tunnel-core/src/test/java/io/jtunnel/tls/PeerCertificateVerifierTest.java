package io.jtunnel.tls;

import io.jtunnel.certs.OpenSsl;
import static io.jtunnel.tls.TestChains.EXPIRED_INTERMEDIATE;
import static io.jtunnel.tls.TestChains.EXPIRED_LEAF;
import static io.jtunnel.tls.TestChains.EXPIRED_ROOT;
import static io.jtunnel.tls.TestChains.EXPIRED_SELF_SIGNED;
import static io.jtunnel.tls.TestChains.FOREIGN_LEAF;
import static io.jtunnel.tls.TestChains.FOREIGN_LEAF_IMPOSTOR;
import static io.jtunnel.tls.TestChains.INTERMEDIATE;
import static io.jtunnel.tls.TestChains.LEAF;
import static io.jtunnel.tls.TestChains.LEAF_NEWER_THAN_EXPIRED_INTERMEDIATE;
import static io.jtunnel.tls.TestChains.LEAF_UNDER_EXPIRED_INTERMEDIATE;
import static io.jtunnel.tls.TestChains.LEAF_UNDER_EXPIRED_ROOT;
import static io.jtunnel.tls.TestChains.LEAF_VIA_INTERMEDIATE;
import static io.jtunnel.tls.TestChains.NOT_YET_VALID_LEAF;
import static io.jtunnel.tls.TestChains.OTHER_ROOT;
import static io.jtunnel.tls.TestChains.ROOT;
import static io.jtunnel.tls.TestChains.SELF_SIGNED;
import static io.jtunnel.tls.TestChains.SELF_SIGNED_IMPOSTOR;
import static io.jtunnel.tls.TestChains.presented;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jtunnel.certs.CertificateBundle;
import io.jtunnel.config.PeerVerification;
import io.jtunnel.config.SubjectChecks;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** stunnel's verify.c decision matrix (reference §4.1), applied by {@link PeerCertificateVerifier#verify}. */
class PeerCertificateVerifierTest {
    private static final PeerVerification CHAIN = PeerVerification.NONE.withVerifyChain(true);
    private static final PeerVerification PEER = PeerVerification.NONE.withVerifyPeer(true);
    private static final PeerVerification LEVEL_3 = PeerVerification.NONE.withVerifyLevel(3);
    private static final PeerVerification LEVEL_4 = PeerVerification.NONE.withVerifyLevel(4);

    static PeerCertificateVerifier verifier(PeerVerification flags, CertificateBundle... trusted) {
        return verifier(flags, SubjectChecks.NONE, trusted);
    }

    static PeerCertificateVerifier verifier(PeerVerification flags, SubjectChecks checks,
        CertificateBundle... trusted) {
        List<X509Certificate> certificates = new ArrayList<>();
        for (CertificateBundle bundle : trusted) {
            certificates.add(bundle.certificate());
        }
        return new PeerCertificateVerifier(flags, checks, certificates);
    }

    static void assertRejected(ThrowingCallable call, int depth, String reason, String detail) {
        assertThatThrownBy(call).isInstanceOfSatisfying(PeerCertificateRejectedException.class, e -> {
            assertThat(e.reason()).as("reason").isEqualTo(reason);
            assertThat(e.depth()).as("depth").isEqualTo(depth);
            assertThat(e.detail()).as("detail").isEqualTo(detail);
            assertThat(e.getMessage()).startsWith("Rejected by CERT at depth=" + depth + ": ");
        });
    }

    static void assertPreVerificationError(ThrowingCallable call, int depth, String reason) {
        assertRejected(call, depth, reason, "CERT: Pre-verification error: " + reason);
    }

    @Nested
    class WithoutVerification {
        @Test
        void accepts_anything_when_no_option_is_set() {
            PeerCertificateVerifier verifier = verifier(PeerVerification.NONE);

            assertThatCode(() -> verifier.verify(presented(SELF_SIGNED))).doesNotThrowAnyException();
            assertThatCode(() -> verifier.verify(presented(EXPIRED_SELF_SIGNED))).doesNotThrowAnyException();
            assertThatCode(() -> verifier.verify(presented(FOREIGN_LEAF))).doesNotThrowAnyException();
        }

        @Test
        void verify_level_0_requests_a_certificate_but_accepts_any() {
            PeerVerification level0 = PeerVerification.NONE.withVerifyLevel(0);
            assertThat(level0.request()).isTrue();
            assertThat(level0.require()).isFalse();
            PeerCertificateVerifier verifier = verifier(level0, ROOT);

            assertThatCode(() -> verifier.verify(presented(SELF_SIGNED))).doesNotThrowAnyException();
            assertThatCode(() -> verifier.verify(presented(EXPIRED_LEAF))).doesNotThrowAnyException();
        }

        @Test
        void require_cert_alone_accepts_any_self_signed_or_expired_certificate() {
            PeerVerification require = PeerVerification.NONE.withRequireCert(true);
            assertThat(require.require()).isTrue();
            PeerCertificateVerifier verifier = verifier(require);

            assertThatCode(() -> verifier.verify(presented(SELF_SIGNED))).doesNotThrowAnyException();
            assertThatCode(() -> verifier.verify(presented(EXPIRED_SELF_SIGNED))).doesNotThrowAnyException();
        }

        @Test
        void ignores_subject_checks_when_verification_is_disabled() {
            PeerCertificateVerifier verifier = verifier(PeerVerification.NONE.withRequireCert(true),
                new SubjectChecks(List.of("nothing.example"), List.of(), List.of()));

            assertThatCode(() -> verifier.verify(presented(SELF_SIGNED))).doesNotThrowAnyException();
        }

        @Test
        void rejects_an_empty_chain() {
            assertRejected(() -> verifier(PeerVerification.NONE).verify(new X509Certificate[0]), 0,
                "peer did not return a certificate", "CERT: Pre-verification error: peer did not return a certificate");
        }
    }

    @Nested
    class VerifyChain {
        @Test
        void accepts_a_leaf_issued_by_the_trusted_ca() {
            assertThatCode(() -> verifier(CHAIN, ROOT).verify(presented(LEAF))).doesNotThrowAnyException();
        }

        @Test
        void accepts_a_leaf_presented_with_its_intermediate() {
            assertThatCode(() -> verifier(CHAIN, ROOT).verify(presented(LEAF_VIA_INTERMEDIATE, INTERMEDIATE)))
                .doesNotThrowAnyException();
        }

        @Test
        void accepts_a_leaf_presented_with_intermediate_and_root() {
            assertThatCode(() -> verifier(CHAIN, ROOT).verify(presented(LEAF_VIA_INTERMEDIATE, INTERMEDIATE, ROOT)))
                .doesNotThrowAnyException();
        }

        @Test
        void verify_level_1_and_2_verify_the_chain_too() {
            assertThatCode(() -> verifier(PeerVerification.NONE.withVerifyLevel(1), ROOT).verify(presented(LEAF)))
                .doesNotThrowAnyException();
            assertPreVerificationError(() -> verifier(PeerVerification.NONE.withVerifyLevel(1), ROOT)
                .verify(presented(FOREIGN_LEAF)), 0, "unable to get local issuer certificate");
            assertPreVerificationError(() -> verifier(PeerVerification.NONE.withVerifyLevel(2), ROOT)
                .verify(presented(FOREIGN_LEAF)), 0, "unable to get local issuer certificate");
        }

        @Test
        void rejects_a_leaf_whose_intermediate_is_not_presented() {
            assertPreVerificationError(() -> verifier(CHAIN, ROOT).verify(presented(LEAF_VIA_INTERMEDIATE)), 0,
                "unable to get local issuer certificate");
        }

        @Test
        void rejects_another_cas_leaf_as_unable_to_get_local_issuer_certificate() {
            assertPreVerificationError(() -> verifier(CHAIN, ROOT).verify(presented(FOREIGN_LEAF)), 0,
                "unable to get local issuer certificate");
        }

        @Test
        void rejects_another_cas_leaf_presented_with_its_root_as_self_signed_in_chain() {
            assertPreVerificationError(() -> verifier(CHAIN, ROOT).verify(presented(FOREIGN_LEAF, OTHER_ROOT)), 1,
                "self-signed certificate in certificate chain");
        }

        @Test
        void rejects_an_untrusted_self_signed_leaf_as_self_signed_certificate() {
            assertPreVerificationError(() -> verifier(CHAIN, ROOT).verify(presented(SELF_SIGNED)), 0,
                "self-signed certificate");
        }

        @Test
        void rejects_everything_when_no_ca_is_trusted() {
            assertPreVerificationError(() -> verifier(CHAIN).verify(presented(LEAF)), 0,
                "unable to get local issuer certificate");
        }

        @Test
        void rejects_an_expired_leaf_at_depth_0() {
            assertPreVerificationError(() -> verifier(CHAIN, ROOT).verify(presented(EXPIRED_LEAF)), 0,
                "certificate has expired");
        }

        @Test
        void rejects_a_not_yet_valid_leaf_at_depth_0() {
            assertPreVerificationError(() -> verifier(CHAIN, ROOT).verify(presented(NOT_YET_VALID_LEAF)), 0,
                "certificate is not yet valid");
        }

        @Test
        void rejects_an_expired_intermediate_at_depth_1() {
            assertPreVerificationError(() -> verifier(CHAIN, ROOT)
                    .verify(presented(LEAF_UNDER_EXPIRED_INTERMEDIATE, EXPIRED_INTERMEDIATE)), 1,
                "certificate has expired");
        }

        @Test
        void accepts_a_self_signed_leaf_that_is_itself_in_the_trusted_list() {
            // openssl verify -CAfile ss.pem ss.pem: OK; stunnel verify = 2 accepts a client whose self-signed
            // certificate is in CAfile.
            assertThatCode(() -> verifier(CHAIN, SELF_SIGNED).verify(presented(SELF_SIGNED)))
                .doesNotThrowAnyException();
        }
    }

    @Nested
    class VerifyPeer {
        @Test
        void verify_peer_alone_accepts_a_self_signed_leaf_in_the_trusted_list() {
            assertThatCode(() -> verifier(PEER, SELF_SIGNED).verify(presented(SELF_SIGNED)))
                .doesNotThrowAnyException();
            assertThatCode(() -> verifier(LEVEL_4, ROOT, SELF_SIGNED).verify(presented(SELF_SIGNED)))
                .doesNotThrowAnyException();
        }

        @Test
        void verify_peer_alone_accepts_a_pinned_ca_issued_leaf_whose_ca_is_not_trusted() {
            assertThatCode(() -> verifier(LEVEL_4, FOREIGN_LEAF).verify(presented(FOREIGN_LEAF)))
                .doesNotThrowAnyException();
            assertThatCode(() -> verifier(LEVEL_4, FOREIGN_LEAF).verify(presented(FOREIGN_LEAF, OTHER_ROOT)))
                .doesNotThrowAnyException();
        }

        @Test
        void verify_peer_alone_ignores_errors_above_depth_0() {
            assertThatCode(() -> verifier(LEVEL_4, LEAF_UNDER_EXPIRED_INTERMEDIATE)
                    .verify(presented(LEAF_UNDER_EXPIRED_INTERMEDIATE, EXPIRED_INTERMEDIATE)))
                .doesNotThrowAnyException();
        }

        @Test
        void verify_peer_alone_rejects_a_ca_issued_leaf_not_in_the_trusted_list() {
            // OpenSSL reports "unable to get local issuer certificate" at depth 0, which stunnel ignores for
            // verifyPeer; the local lookup then fails.
            assertRejected(() -> verifier(PEER, ROOT, SELF_SIGNED).verify(presented(LEAF)), 0,
                "certificate not found in local repository", "CERT: Certificate not found in local repository");
        }

        @Test
        void verify_peer_alone_rejects_a_leaf_with_the_pinned_subject_but_another_key() {
            assertRejected(() -> verifier(PEER, FOREIGN_LEAF).verify(presented(FOREIGN_LEAF_IMPOSTOR)), 0,
                "certificate not found in local repository", "CERT: Certificate not found in local repository");
        }

        @Test
        void verify_peer_alone_rejects_an_untrusted_self_signed_leaf_with_openssls_pre_verification_error() {
            // OpenSSL: "error 18 at 0 depth lookup: self-signed certificate" (see AgreesWithOpenSslVerify below);
            // verify.c ignores at depth 0 only UNABLE_TO_GET_ISSUER_CERT_LOCALLY, UNABLE_TO_VERIFY_LEAF_SIGNATURE and
            // CERT_UNTRUSTED, so stunnel logs "CERT: Pre-verification error: self-signed certificate".
            assertPreVerificationError(() -> verifier(LEVEL_4, SELF_SIGNED).verify(presented(SELF_SIGNED_IMPOSTOR)), 0,
                "self-signed certificate");
        }

        @Test
        void verify_peer_alone_still_rejects_an_expired_pinned_leaf() {
            assertPreVerificationError(() -> verifier(PEER, EXPIRED_SELF_SIGNED).verify(presented(EXPIRED_SELF_SIGNED)),
                0, "certificate has expired");
            assertPreVerificationError(() -> verifier(LEVEL_4, ROOT, EXPIRED_LEAF).verify(presented(EXPIRED_LEAF)), 0,
                "certificate has expired");
        }

        @Test
        void verify_level_3_rejects_a_trusted_cas_leaf_that_is_not_pinned() {
            assertRejected(() -> verifier(LEVEL_3, ROOT).verify(presented(LEAF)), 0,
                "certificate not found in local repository", "CERT: Certificate not found in local repository");
        }

        @Test
        void verify_level_3_accepts_a_pinned_leaf_of_a_trusted_ca() {
            assertThatCode(() -> verifier(LEVEL_3, ROOT, LEAF).verify(presented(LEAF))).doesNotThrowAnyException();
        }

        @Test
        void verify_chain_plus_verify_peer_is_level_3() {
            PeerVerification both = PeerVerification.NONE.withVerifyChain(true).withVerifyPeer(true);
            assertThat(both).isEqualTo(LEVEL_3);
        }

        @Test
        void verify_level_3_accepts_a_pinned_self_signed_leaf() {
            assertThatCode(() -> verifier(LEVEL_3, SELF_SIGNED).verify(presented(SELF_SIGNED)))
                .doesNotThrowAnyException();
        }
    }

    @Test
    void trust_manager_entry_points_apply_the_same_rules() {
        PeerCertificateVerifier verifier = verifier(CHAIN, ROOT);

        assertThatCode(() -> verifier.checkClientTrusted(presented(LEAF), "EC")).doesNotThrowAnyException();
        assertThatThrownBy(() -> verifier.checkClientTrusted(presented(FOREIGN_LEAF), "EC", (javax.net.ssl.SSLEngine) null))
            .isInstanceOf(PeerCertificateRejectedException.class);
        assertThatThrownBy(() -> verifier.checkServerTrusted(presented(FOREIGN_LEAF), "EC"))
            .isInstanceOf(PeerCertificateRejectedException.class);
    }

    @Test
    void accepted_issuers_are_the_trusted_certificates() {
        assertThat(verifier(CHAIN, ROOT, OTHER_ROOT).getAcceptedIssuers())
            .containsExactly(ROOT.certificate(), OTHER_ROOT.certificate());
        assertThat(verifier(CHAIN).getAcceptedIssuers()).isEmpty();
    }

    /** Cases where Java's PKIX and OpenSSL differ; OpenSSL (openssl verify) is the reference. */
    @Nested
    class AgreesWithOpenSslVerify {
        @TempDir
        Path dir;

        private String opensslVerify(CertificateBundle[] trusted, X509Certificate[] chain) throws Exception {
            StringBuilder ca = new StringBuilder();
            for (CertificateBundle bundle : trusted) {
                ca.append(pem(bundle.certificate()));
            }
            Files.writeString(dir.resolve("trusted.pem"), ca, StandardCharsets.US_ASCII);
            Files.writeString(dir.resolve("leaf.pem"), pem(chain[0]), StandardCharsets.US_ASCII);
            List<String> args = new ArrayList<>(List.of("verify", "-CAfile", "trusted.pem"));
            if (chain.length > 1) {
                StringBuilder untrusted = new StringBuilder();
                for (int i = 1; i < chain.length; i++) {
                    untrusted.append(pem(chain[i]));
                }
                Files.writeString(dir.resolve("untrusted.pem"), untrusted, StandardCharsets.US_ASCII);
                args.add("-untrusted");
                args.add("untrusted.pem");
            }
            args.add("leaf.pem");
            return new OpenSsl(dir).runAllowingFailure(args.toArray(new String[0])).output();
        }

        @Test
        void rejects_a_leaf_of_an_expired_trusted_root_as_openssl_does() throws Exception {
            CertificateBundle[] trusted = {EXPIRED_ROOT};
            X509Certificate[] chain = presented(LEAF_UNDER_EXPIRED_ROOT);
            assertThat(opensslVerify(trusted, chain)).contains("error 10 at 1 depth lookup: certificate has expired");

            assertPreVerificationError(() -> verifier(CHAIN, trusted).verify(chain), 1, "certificate has expired");
        }

        @Test
        void rejects_a_chain_ending_at_a_trusted_intermediate_without_its_root_as_openssl_does() throws Exception {
            // stunnel 5.68 does not set X509_V_FLAG_PARTIAL_CHAIN: a CAfile with only the intermediate is not enough
            CertificateBundle[] trusted = {INTERMEDIATE};
            X509Certificate[] chain = presented(LEAF_VIA_INTERMEDIATE);
            assertThat(opensslVerify(trusted, chain))
                .contains("error 2 at 1 depth lookup: unable to get issuer certificate");

            assertPreVerificationError(() -> verifier(CHAIN, trusted).verify(chain), 1,
                "unable to get issuer certificate");
        }

        @Test
        void reports_an_expired_intermediate_even_when_the_leaf_is_newer_than_it_as_openssl_does() throws Exception {
            CertificateBundle[] trusted = {ROOT};
            X509Certificate[] chain = presented(LEAF_NEWER_THAN_EXPIRED_INTERMEDIATE, EXPIRED_INTERMEDIATE);
            assertThat(opensslVerify(trusted, chain)).contains("error 10 at 1 depth lookup: certificate has expired");

            assertPreVerificationError(() -> verifier(CHAIN, trusted).verify(chain), 1, "certificate has expired");
        }

        @Test
        void verify_level_3_rejects_a_pinned_leaf_whose_ca_is_not_trusted_as_openssl_does() throws Exception {
            // a CA-issued (not self-signed) leaf in CAfile does not end the chain without X509_V_FLAG_PARTIAL_CHAIN
            CertificateBundle[] trusted = {ROOT, FOREIGN_LEAF};
            X509Certificate[] chain = presented(FOREIGN_LEAF);
            assertThat(opensslVerify(trusted, chain))
                .contains("error 20 at 0 depth lookup: unable to get local issuer certificate");

            assertPreVerificationError(() -> verifier(LEVEL_3, trusted).verify(chain), 0,
                "unable to get local issuer certificate");
            assertPreVerificationError(() -> verifier(CHAIN, trusted).verify(chain), 0,
                "unable to get local issuer certificate");
        }

        @Test
        void untrusted_self_signed_leaf_is_error_18_at_depth_0_in_openssl() throws Exception {
            assertThat(opensslVerify(new CertificateBundle[] {SELF_SIGNED}, presented(SELF_SIGNED_IMPOSTOR)))
                .contains("error 18 at 0 depth lookup: self-signed certificate");
        }

        @Test
        void trusted_self_signed_leaf_verifies_in_openssl() throws Exception {
            assertThat(opensslVerify(new CertificateBundle[] {SELF_SIGNED}, presented(SELF_SIGNED)))
                .contains("leaf.pem: OK");
        }
    }

    static String pem(X509Certificate certificate) throws Exception {
        return "-----BEGIN CERTIFICATE-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(
                certificate.getEncoded())
            + "\n-----END CERTIFICATE-----\n";
    }
}
