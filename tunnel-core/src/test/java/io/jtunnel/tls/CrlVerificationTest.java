package io.jtunnel.tls;

import static io.jtunnel.tls.PeerCertificateVerifierTest.assertPreVerificationError;
import static io.jtunnel.tls.PeerCertificateVerifierTest.pem;
import static io.jtunnel.tls.TestChains.EXPIRED_LEAF;
import static io.jtunnel.tls.TestChains.INTERMEDIATE;
import static io.jtunnel.tls.TestChains.LEAF;
import static io.jtunnel.tls.TestChains.LEAF_VIA_INTERMEDIATE;
import static io.jtunnel.tls.TestChains.OTHER_ROOT;
import static io.jtunnel.tls.TestChains.ROOT;
import static io.jtunnel.tls.TestChains.SELF_SIGNED;
import static io.jtunnel.tls.TestChains.days;
import static io.jtunnel.tls.TestChains.presented;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.jtunnel.certs.CertificateBundle;
import io.jtunnel.certs.OpenSsl;
import io.jtunnel.config.PeerVerification;
import io.jtunnel.config.SubjectChecks;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code CRLfile}/{@code CRLpath} in {@link PeerCertificateVerifier}: stunnel's X509_V_FLAG_CRL_CHECK (the leaf only),
 * each case's verdict compared with {@code openssl verify -crl_check}, the same OpenSSL code stunnel runs.
 */
class CrlVerificationTest {
    private static final PeerVerification CHAIN = PeerVerification.NONE.withVerifyChain(true);
    private static final PeerVerification PEER = PeerVerification.NONE.withVerifyPeer(true);
    private static final Pattern OPENSSL_ERROR = Pattern.compile("error (\\d+) at (\\d+) depth lookup: (.+)");

    @TempDir
    Path dir;

    /** One verification: trusted store, the chain the peer sends, the CRLs loaded. */
    record Case(String name, List<CertificateBundle> trusted, X509Certificate[] chain, List<X509CRL> crls) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Case leafOfRoot(String name, X509CRL... crls) {
        return new Case(name, List.of(ROOT), presented(LEAF), List.of(crls));
    }

    static Stream<Arguments> cases() {
        X509CRL revokesLeaf = TestCrls.by(ROOT).revoke(LEAF).build();
        return Stream.of(
            Arguments.of(leafOfRoot("leaf listed in its issuer's CRL", revokesLeaf), "0: certificate revoked"),
            Arguments.of(leafOfRoot("leaf not listed", TestCrls.by(ROOT).revoke(EXPIRED_LEAF).build()), "OK"),
            Arguments.of(leafOfRoot("empty CRL of the issuer", TestCrls.by(ROOT).build()), "OK"),
            Arguments.of(leafOfRoot("only another CA's CRL", TestCrls.by(OTHER_ROOT).revoke(LEAF).build()),
                "0: unable to get certificate CRL"),
            Arguments.of(leafOfRoot("issuer's CRL expired", TestCrls.by(ROOT).valid(days(-30), days(-1)).build()),
                "0: CRL has expired"),
            Arguments.of(leafOfRoot("issuer's CRL not yet valid", TestCrls.by(ROOT).valid(days(1), days(30)).build()),
                "0: CRL is not yet valid"),
            Arguments.of(leafOfRoot("CRL in the issuer's name signed by another key",
                TestCrls.by(ROOT).signedBy(OTHER_ROOT).build()), "0: CRL signature failure"),
            Arguments.of(leafOfRoot("CRL whose authority key id names another key",
                TestCrls.by(ROOT).signedBy(OTHER_ROOT).authorityKeyIdOf(OTHER_ROOT).revoke(LEAF).build()),
                "0: unable to get certificate CRL"),
            Arguments.of(leafOfRoot("CRL with the issuer's authority key id",
                TestCrls.by(ROOT).authorityKeyIdOf(ROOT).revoke(LEAF).build()), "0: certificate revoked"),
            Arguments.of(leafOfRoot("an expired CRL listing the leaf and a current one that does not",
                TestCrls.by(ROOT).valid(days(-30), days(-2)).revoke(LEAF).build(), TestCrls.by(ROOT).build()), "OK"),
            Arguments.of(leafOfRoot("two current CRLs: the newer one, without the leaf, counts",
                TestCrls.by(ROOT).valid(days(-3), days(7)).revoke(LEAF).build(),
                TestCrls.by(ROOT).valid(days(-1), days(7)).build()), "OK"),
            Arguments.of(new Case("expired and revoked leaf: revocation is checked first", List.of(ROOT),
                presented(EXPIRED_LEAF), List.of(TestCrls.by(ROOT).revoke(EXPIRED_LEAF).build())),
                "0: certificate revoked"),
            Arguments.of(new Case("revoked intermediate is not checked (no CRL_CHECK_ALL)", List.of(ROOT),
                presented(LEAF_VIA_INTERMEDIATE, INTERMEDIATE), List.of(TestCrls.by(INTERMEDIATE).build(),
                    TestCrls.by(ROOT).revoke(INTERMEDIATE).build())), "OK"),
            Arguments.of(new Case("leaf of an intermediate with only the root's CRL", List.of(ROOT),
                presented(LEAF_VIA_INTERMEDIATE, INTERMEDIATE), List.of(TestCrls.by(ROOT).build())),
                "0: unable to get certificate CRL"),
            Arguments.of(new Case("revoked leaf of an intermediate", List.of(ROOT),
                presented(LEAF_VIA_INTERMEDIATE, INTERMEDIATE),
                List.of(TestCrls.by(INTERMEDIATE).revoke(LEAF_VIA_INTERMEDIATE).build())), "0: certificate revoked"),
            Arguments.of(new Case("trusted self-signed leaf without a CRL of its own", List.of(SELF_SIGNED),
                presented(SELF_SIGNED), List.of(TestCrls.by(ROOT).build())), "0: unable to get certificate CRL"),
            Arguments.of(new Case("trusted self-signed leaf with its own empty CRL", List.of(SELF_SIGNED),
                presented(SELF_SIGNED), List.of(TestCrls.by(SELF_SIGNED).build())), "OK"),
            Arguments.of(new Case("CRL check on with no CRL at all", List.of(ROOT), presented(LEAF), List.of()),
                "0: unable to get certificate CRL"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    void verify_chain_with_crls_gives_openssls_verdict(Case c, String expected) throws Exception {
        assertThat(opensslVerdict(c)).as("openssl verify -crl_check").isEqualTo(expected);

        assertThat(jtunnelVerdict(c, CHAIN)).isEqualTo(expected);
    }

    @Test
    void a_revoked_leaf_is_rejected_with_stunnels_log_lines() {
        PeerCertificateVerifier verifier = new PeerCertificateVerifier(CHAIN, SubjectChecks.NONE,
            List.of(ROOT.certificate()), CrlCheck.of(List.of(TestCrls.by(ROOT).revoke(LEAF).build())));

        assertPreVerificationError(() -> verifier.verify(presented(LEAF)), 0, "certificate revoked");
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> verifier.verify(presented(LEAF))))
            .hasMessage("Rejected by CERT at depth=0: O=jtunnel, CN=client: certificate revoked");
    }

    @Test
    void verify_peer_alone_rejects_a_revoked_pinned_leaf() {
        // verifyPeer ignores chain errors only when they are about the leaf's issuer; a revocation is not one
        PeerCertificateVerifier verifier = new PeerCertificateVerifier(PEER, SubjectChecks.NONE,
            List.of(ROOT.certificate(), LEAF.certificate()),
            CrlCheck.of(List.of(TestCrls.by(ROOT).revoke(LEAF).build())));

        assertPreVerificationError(() -> verifier.verify(presented(LEAF)), 0, "certificate revoked");
    }

    @Test
    void verify_peer_alone_needs_a_crl_even_for_a_pinned_self_signed_leaf() {
        // OpenSSL checks the leaf even when it is its own trusted root; the error is at depth 0, so stunnel rejects
        PeerCertificateVerifier verifier = new PeerCertificateVerifier(PEER, SubjectChecks.NONE,
            List.of(SELF_SIGNED.certificate()), CrlCheck.of(List.of(TestCrls.by(ROOT).build())));

        assertPreVerificationError(() -> verifier.verify(presented(SELF_SIGNED)), 0,
            "unable to get certificate CRL");
    }

    @Test
    void crls_are_not_consulted_without_verify_chain_or_verify_peer() {
        CrlCheck revokesLeaf = CrlCheck.of(List.of(TestCrls.by(ROOT).revoke(LEAF).build()));
        for (PeerVerification flags : List.of(PeerVerification.NONE, PeerVerification.NONE.withVerifyLevel(0),
            PeerVerification.NONE.withRequireCert(true))) {
            PeerCertificateVerifier verifier = new PeerCertificateVerifier(flags, SubjectChecks.NONE,
                List.of(ROOT.certificate()), revokesLeaf);

            assertThatCode(() -> verifier.verify(presented(LEAF))).as("%s", flags).doesNotThrowAnyException();
        }
    }

    @Test
    void without_crl_options_nothing_is_checked() {
        PeerCertificateVerifier verifier = new PeerCertificateVerifier(CHAIN, SubjectChecks.NONE,
            List.of(ROOT.certificate()), CrlCheck.OFF);

        assertThatCode(() -> verifier.verify(presented(LEAF))).doesNotThrowAnyException();
        assertThat(CrlCheck.OFF.enabled()).isFalse();
        assertThat(CrlCheck.of(List.of()).enabled()).isTrue();
    }

    private static String jtunnelVerdict(Case c, PeerVerification flags) {
        List<X509Certificate> trusted = new ArrayList<>();
        c.trusted().forEach(bundle -> trusted.add(bundle.certificate()));
        PeerCertificateVerifier verifier = new PeerCertificateVerifier(flags, SubjectChecks.NONE, trusted,
            CrlCheck.of(c.crls()));
        try {
            verifier.verify(c.chain());
            return "OK";
        } catch (PeerCertificateRejectedException e) {
            return e.depth() + ": " + e.reason();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** openssl verify's first error as {@code depth: text}, or {@code OK}. */
    private String opensslVerdict(Case c) throws Exception {
        StringBuilder trusted = new StringBuilder();
        for (CertificateBundle bundle : c.trusted()) {
            trusted.append(pem(bundle.certificate()));
        }
        Files.writeString(dir.resolve("trusted.pem"), trusted, StandardCharsets.US_ASCII);
        Files.writeString(dir.resolve("leaf.pem"), pem(c.chain()[0]), StandardCharsets.US_ASCII);
        List<String> args = new ArrayList<>(List.of("verify", "-crl_check", "-CAfile", "trusted.pem"));
        if (!c.crls().isEmpty()) {
            Files.writeString(dir.resolve("crls.pem"), TestCrls.pem(c.crls().toArray(new X509CRL[0])),
                StandardCharsets.US_ASCII);
            args.addAll(List.of("-CRLfile", "crls.pem"));
        }
        if (c.chain().length > 1) {
            StringBuilder untrusted = new StringBuilder();
            for (int i = 1; i < c.chain().length; i++) {
                untrusted.append(pem(c.chain()[i]));
            }
            Files.writeString(dir.resolve("untrusted.pem"), untrusted, StandardCharsets.US_ASCII);
            args.addAll(List.of("-untrusted", "untrusted.pem"));
        }
        args.add("leaf.pem");
        String output = new OpenSsl(dir).runAllowingFailure(args.toArray(new String[0])).output();
        Matcher error = OPENSSL_ERROR.matcher(output);
        if (error.find()) {
            return error.group(2) + ": " + error.group(3).strip();
        }
        assertThat(output).as("openssl verify output").contains("leaf.pem: OK");
        return "OK";
    }
}
