package io.jtunnel.tls;

import static io.jtunnel.tls.TestChains.ROOT;
import static io.jtunnel.tls.TestChains.presented;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.jtunnel.certs.CertificateBuilder;
import io.jtunnel.certs.CertificateBundle;
import io.jtunnel.certs.KeyType;
import io.jtunnel.config.PeerVerification;
import io.jtunnel.config.SubjectChecks;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code checkHost}, {@code checkIP} and {@code checkEmail} on top of {@code verifyChain} / {@code verifyPeer}. */
class SubjectChecksTest {
    private static final PeerVerification CHAIN = PeerVerification.NONE.withVerifyChain(true);

    private static final CertificateBundle WILDCARD = issued("CN=wildcard").dnsName("*.example.com")
        .dnsName("exact.example.net").build();
    private static final CertificateBundle CN_ONLY = issued("CN=cn.example.org").ipAddress("192.0.2.7").build();
    private static final CertificateBundle CN_AND_OTHER_SAN = issued("CN=cn.example.org").dnsName("san.example.org")
        .build();
    private static final CertificateBundle ADDRESSES = issued("CN=addresses").ipAddress("192.0.2.10")
        .ipAddress("2001:db8::10").build();
    private static final CertificateBundle MAILBOX = issued("EMAILADDRESS=peer@example.com,CN=mailbox").build();

    private static CertificateBuilder issued(String subject) {
        return new CertificateBuilder().subject(subject).keyType(KeyType.EC_P256).issuer(ROOT);
    }

    private static SubjectChecks hosts(String... hosts) {
        return new SubjectChecks(List.of(hosts), List.of(), List.of());
    }

    private static SubjectChecks ips(String... ips) {
        return new SubjectChecks(List.of(), List.of(ips), List.of());
    }

    private static SubjectChecks emails(String... emails) {
        return new SubjectChecks(List.of(), List.of(), List.of(emails));
    }

    private static void accepts(SubjectChecks checks, CertificateBundle leaf) {
        assertThatCode(() -> PeerCertificateVerifierTest.verifier(CHAIN, checks, ROOT).verify(presented(leaf)))
            .doesNotThrowAnyException();
    }

    private static void rejects(SubjectChecks checks, CertificateBundle leaf) {
        PeerCertificateVerifierTest.assertRejected(
            () -> PeerCertificateVerifierTest.verifier(CHAIN, checks, ROOT).verify(presented(leaf)), 0,
            "subject checks failed", "CERT: Subject checks failed");
    }

    @Test
    void check_host_matches_an_exact_dns_name_case_insensitively() {
        accepts(hosts("exact.example.net"), WILDCARD);
        accepts(hosts("EXACT.Example.NET"), WILDCARD);
        rejects(hosts("other.example.net"), WILDCARD);
    }

    @Test
    void check_host_wildcard_covers_exactly_one_leftmost_label() {
        accepts(hosts("a.example.com"), WILDCARD);
        rejects(hosts("a.b.example.com"), WILDCARD);
        rejects(hosts("example.com"), WILDCARD);
    }

    @Test
    void check_host_uses_the_common_name_when_there_is_no_dns_name() {
        accepts(hosts("cn.example.org"), CN_ONLY);
    }

    @Test
    void check_host_ignores_the_common_name_when_a_dns_name_is_present() {
        rejects(hosts("cn.example.org"), CN_AND_OTHER_SAN);
        accepts(hosts("san.example.org"), CN_AND_OTHER_SAN);
    }

    @Test
    void check_ip_matches_an_ipv4_address() {
        accepts(ips("192.0.2.10"), ADDRESSES);
        rejects(ips("192.0.2.11"), ADDRESSES);
    }

    @Test
    void check_ip_matches_an_ipv6_address_in_any_notation() {
        accepts(ips("2001:db8::10"), ADDRESSES);
        accepts(ips("2001:0db8:0000:0000:0000:0000:0000:0010"), ADDRESSES);
        rejects(ips("2001:db8::11"), ADDRESSES);
    }

    @Test
    void check_ip_never_matches_a_host_name_or_the_common_name() {
        rejects(ips("cn.example.org"), CN_ONLY);
        rejects(ips("192.0.2.8"), CN_ONLY);
    }

    @Test
    void check_email_matches_the_subject_email_address() {
        accepts(emails("peer@example.com"), MAILBOX);
        rejects(emails("other@example.com"), MAILBOX);
    }

    @Test
    void any_one_matching_check_accepts() {
        accepts(new SubjectChecks(List.of("nope.example"), List.of("192.0.2.10"), List.of("x@y.z")), ADDRESSES);
        accepts(new SubjectChecks(List.of("nope.example", "a.example.com"), List.of(), List.of()), WILDCARD);
    }

    @Test
    void mismatch_is_rejected_with_subject_checks_failed() {
        rejects(new SubjectChecks(List.of("nope.example"), List.of("198.51.100.1"), List.of("x@y.z")), WILDCARD);
    }

    @Test
    void subject_checks_apply_with_verify_peer_alone() {
        PeerVerification peer = PeerVerification.NONE.withVerifyPeer(true);
        assertThatCode(() -> PeerCertificateVerifierTest.verifier(peer, hosts("a.example.com"), WILDCARD)
            .verify(presented(WILDCARD))).doesNotThrowAnyException();
        PeerCertificateVerifierTest.assertRejected(
            () -> PeerCertificateVerifierTest.verifier(peer, hosts("nope.example"), WILDCARD)
                .verify(presented(WILDCARD)), 0, "subject checks failed", "CERT: Subject checks failed");
    }
}
