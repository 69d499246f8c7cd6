package io.jtunnel.runtime;

import io.jtunnel.config.PeerVerification;
import io.jtunnel.config.ServiceConfig;
import io.jtunnel.tls.CertificateNames;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Settings that weaken a service, in words an operator can act on; logged at start-up and printed by {@code check}. */
public final class SecurityWarnings {
    /** A certificate this close to its end gets a warning, so it is renewed before files stop being judged. */
    private static final Duration RENEW_WINDOW = Duration.ofDays(30);

    private SecurityWarnings() {
    }

    public static List<String> of(ServiceConfig service) {
        List<String> warnings = new ArrayList<>();
        String prefix = "Service [" + service.name() + "]: ";
        PeerVerification v = service.verification();
        // as stunnel's auth_warnings: a PSK key authenticates the peer; a PSK server with a certificate still lets
        // certificate clients in, so its warnings stay
        if (service.psk().isPresent() && (service.client() || service.cert().isEmpty())) {
            return warnings;
        }
        if (service.client()) {
            return clientWarnings(service);
        }
        boolean hasCa = service.caFile().isPresent() || service.caPath().isPresent();
        if (!v.request() && hasCa) {
            warnings.add(prefix + "client certificates are not checked: CAfile/CApath is set but no verify option is,"
                + " so every client is accepted (stunnel behaves the same way); add \"verifyChain = yes\" to require"
                + " a certificate issued by a CA in CAfile");
        } else if (!v.request()) {
            warnings.add(prefix + "client certificates are not checked: every client is accepted; set \"CAfile\" and"
                + " \"verifyChain = yes\" to require a client certificate");
        } else if (!v.verifies() && v.require()) {
            warnings.add(prefix + "a client certificate is required but not verified: any certificate, even"
                + " self-signed, is accepted; add \"verifyChain = yes\" or \"verifyPeer = yes\"");
        } else if (!v.verifies()) {
            warnings.add(prefix + "client certificates are requested but not verified (verify = 0): every client is"
                + " accepted");
        } else if (!v.require()) {
            warnings.add(prefix + "client certificates are verified only when a client presents one; clients without"
                + " a certificate are accepted (verify = 1 or requireCert = no)");
        }
        return warnings;
    }

    /** stunnel's auth_warnings for client mode, verbatim: the server is not authenticated, or by its CA alone. */
    private static List<String> clientWarnings(ServiceConfig service) {
        PeerVerification v = service.verification();
        if (v.peer()) {
            return List.of();
        }
        if (v.chain()) {
            return service.subjectChecks().isEmpty() ? List.of(
                "Service [" + service.name() + "] uses \"verifyChain\" without subject checks",
                "Use \"checkHost\" or \"checkIP\" to restrict trusted certificates") : List.of();
        }
        return List.of("Service [" + service.name() + "] needs authentication to prevent MITM attacks");
    }

    /** Warnings about the service's own certificate: expired, not yet valid, or close to expiry. */
    public static List<String> ofCertificate(ServiceConfig service, X509Certificate leaf, Instant now) {
        String prefix = "Service [" + service.name() + "]: certificate " + service.cert().orElse("") + " ("
            + CertificateNames.subject(leaf) + ") ";
        Instant notAfter = leaf.getNotAfter().toInstant();
        if (notAfter.isBefore(now)) {
            return List.of(prefix + "expired on " + notAfter + "; clients will reject it");
        }
        if (leaf.getNotBefore().toInstant().isAfter(now)) {
            return List.of(prefix + "is not valid before " + leaf.getNotBefore().toInstant());
        }
        if (notAfter.isBefore(now.plus(RENEW_WINDOW))) {
            return List.of(prefix + "expires on " + notAfter + " (in " + Duration.between(now, notAfter).toDays()
                + " days): renew it and upload the new one to the cloud console");
        }
        return List.of();
    }
}
