package io.jtunnel.tls;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.cert.CRLReason;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;

/**
 * The CRL check stunnel turns on with {@code CRLfile}/{@code CRLpath}: OpenSSL's {@code X509_V_FLAG_CRL_CHECK}
 * without {@code CRL_CHECK_ALL}, so only the leaf is looked up, in a CRL from its issuer (x509_vfy.c
 * {@code check_cert}, {@code check_crl}, {@code cert_crl}). Results carry OpenSSL's error texts. Delta CRLs, indirect
 * CRLs and distribution-point scopes are not supported (OpenSSL needs extra flags for them too, which stunnel does
 * not set); a delta CRL is never used, as in OpenSSL without {@code X509_V_FLAG_USE_DELTAS}.
 */
public final class CrlCheck {
    /** No {@code CRLfile}/{@code CRLpath}: nothing is checked. */
    public static final CrlCheck OFF = new CrlCheck(null);

    /** Critical CRL extensions OpenSSL understands (IDP, AKID, delta indicator); any other one makes a CRL unusable. */
    private static final Set<String> HANDLED_CRITICAL = Set.of(Extension.issuingDistributionPoint.getId(),
        Extension.authorityKeyIdentifier.getId(), Extension.deltaCRLIndicator.getId());
    private static final int KEY_USAGE_CRL_SIGN = 6;

    private final List<X509CRL> crls;

    private CrlCheck(List<X509CRL> crls) {
        this.crls = crls == null ? null : List.copyOf(crls);
    }

    /** Checking on, with these CRLs (possibly none: then every leaf fails with "unable to get certificate CRL"). */
    public static CrlCheck of(List<X509CRL> crls) {
        return new CrlCheck(crls);
    }

    public boolean enabled() {
        return crls != null;
    }

    public int size() {
        return crls == null ? 0 : crls.size();
    }

    /**
     * Checks {@code path.get(0)}, the leaf, as OpenSSL does with the chain it built ({@code path}, leaf first, possibly
     * cut short when its issuer was not found).
     *
     * @return OpenSSL's error text for the leaf ("certificate revoked", "unable to get certificate CRL", ...), or
     *     null when it passes or checking is off
     */
    String check(List<X509Certificate> path, Date now) {
        if (crls == null) {
            return null;
        }
        X509Certificate leaf = path.get(0);
        X509CRL best = null;
        X509Certificate bestIssuer = null;
        boolean bestOnTime = false;
        for (X509CRL crl : crls) {
            if (crl.getExtensionValue(Extension.deltaCRLIndicator.getId()) != null
                || !crl.getIssuerX500Principal().equals(leaf.getIssuerX500Principal())) {
                continue;
            }
            X509Certificate issuer = crlIssuer(crl, path);
            if (issuer == null) {
                continue; // OpenSSL: no CRL_SCORE_AKID, "if we can't locate certificate issuer ... forget it"
            }
            boolean onTime = timeError(crl, now) == null;
            // get_crl_sk: the best score wins (a current CRL over an out-of-date one), then the newest thisUpdate
            if (best == null || (onTime && !bestOnTime)
                || (onTime == bestOnTime && crl.getThisUpdate().after(best.getThisUpdate()))) {
                best = crl;
                bestIssuer = issuer;
                bestOnTime = onTime;
            }
        }
        if (best == null) {
            return "unable to get certificate CRL";
        }
        boolean[] keyUsage = bestIssuer.getKeyUsage();
        if (keyUsage != null && (keyUsage.length <= KEY_USAGE_CRL_SIGN || !keyUsage[KEY_USAGE_CRL_SIGN])) {
            return "key usage does not include CRL signing";
        }
        String time = timeError(best, now);
        if (time != null) {
            return time;
        }
        try {
            best.verify(bestIssuer.getPublicKey());
        } catch (GeneralSecurityException e) {
            return "CRL signature failure";
        }
        Set<String> critical = best.getCriticalExtensionOIDs();
        if (critical != null && !HANDLED_CRITICAL.containsAll(critical)) {
            return "unhandled critical CRL extension";
        }
        X509CRLEntry entry = best.getRevokedCertificate(leaf);
        if (entry != null && entry.getRevocationReason() != CRLReason.REMOVE_FROM_CRL) {
            return "certificate revoked";
        }
        return null;
    }

    /**
     * crl_akid_check: the CRL's signer is the leaf's issuer in the path (the leaf itself when the path stops there)
     * or a higher certificate of the CRL issuer's name, provided the CRL's authority key identifier fits it.
     */
    private static X509Certificate crlIssuer(X509CRL crl, List<X509Certificate> path) {
        int next = Math.min(1, path.size() - 1);
        if (akidMatches(crl, path.get(next))) {
            return path.get(next);
        }
        for (int i = next + 1; i < path.size(); i++) {
            X509Certificate candidate = path.get(i);
            if (candidate.getSubjectX500Principal().equals(crl.getIssuerX500Principal()) && akidMatches(crl, candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /** X509_check_akid: key identifier and serial number, each only when both sides have one. */
    private static boolean akidMatches(X509CRL crl, X509Certificate issuer) {
        byte[] extension = crl.getExtensionValue(Extension.authorityKeyIdentifier.getId());
        if (extension == null) {
            return true;
        }
        try {
            AuthorityKeyIdentifier akid = AuthorityKeyIdentifier.getInstance(
                JcaX509ExtensionUtils.parseExtensionValue(extension));
            byte[] skiExtension = issuer.getExtensionValue(Extension.subjectKeyIdentifier.getId());
            if (akid.getKeyIdentifier() != null && skiExtension != null) {
                byte[] ski = SubjectKeyIdentifier.getInstance(
                    JcaX509ExtensionUtils.parseExtensionValue(skiExtension)).getKeyIdentifier();
                if (!Arrays.equals(akid.getKeyIdentifier(), ski)) {
                    return false;
                }
            }
            BigInteger serial = akid.getAuthorityCertSerialNumber();
            return serial == null || serial.equals(issuer.getSerialNumber());
        } catch (java.io.IOException | RuntimeException unparsable) {
            return false;
        }
    }

    /** check_crl_time: thisUpdate must not be in the future, nextUpdate (when present) not in the past. */
    private static String timeError(X509CRL crl, Date now) {
        if (crl.getThisUpdate().after(now)) {
            return "CRL is not yet valid";
        }
        if (crl.getNextUpdate() != null && crl.getNextUpdate().before(now)) {
            return "CRL has expired";
        }
        return null;
    }
}
