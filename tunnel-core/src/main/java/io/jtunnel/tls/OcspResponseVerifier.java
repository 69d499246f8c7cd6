package io.jtunnel.tls;

import io.jtunnel.config.OcspSettings;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.ocsp.ResponderID;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;

/**
 * OpenSSL 3's OCSP_basic_verify, which stunnel 5.68 calls with the peer's verified chain, its CA store and the
 * {@code OCSPflag} bits: find the signer (in the peer's chain, then unless NOINTERN in the response), check the
 * signature (unless NOSIGS), then unless NOVERIFY (or TRUSTOTHER with a signer from the chain) build the signer's
 * chain to a trusted root (the response's certificates and the peer's chain as intermediates, none with NOCHAIN) and,
 * unless NOCHECKS, require the signer to be the certificates' issuer or a responder that issuer delegated to
 * (id-kp-OCSPSigning). The result is OpenSSL's error queue, oldest first, or null when the response is acceptable.
 */
final class OcspResponseVerifier {
    private static final int ERR_OCSP = 0x13800000;

    private final List<X509Certificate> trusted;
    private final OcspSettings settings;

    OcspResponseVerifier(List<X509Certificate> trusted, OcspSettings settings) {
        this.trusted = List.copyOf(trusted);
        this.settings = settings;
    }

    static String ocspError(int reason, String text) {
        return String.format("error:%08X:OCSP routines::%s", ERR_OCSP | reason, text);
    }

    /**
     * @param chain the peer's verified chain (OpenSSL's {@code X509_STORE_CTX_get0_chain})
     * @param detail receives the signer chain's verification error, which OpenSSL keeps as error data
     * @return null when verified, else OpenSSL's errors, oldest first (possibly none, as OpenSSL can fail silently)
     */
    List<String> verify(BasicOCSPResp response, List<X509Certificate> chain, List<String> detail) {
        List<String> errors = new ArrayList<>();
        List<X509Certificate> included = included(response);
        ResponderID responderId = response.getResponderId().toASN1Primitive();
        X509Certificate signer = findSigner(chain, responderId);
        boolean fromChain = signer != null;
        if (signer == null && !settings.has("NOINTERN")) {
            signer = findSigner(included, responderId);
        }
        if (signer == null) {
            errors.add(ocspError(0x76, "signer certificate not found"));
            return errors;
        }
        boolean noVerify = settings.has("NOVERIFY") || (fromChain && settings.has("TRUSTOTHER"));
        if (!settings.has("NOSIGS")) {
            try {
                if (!response.isSignatureValid(new JcaContentVerifierProviderBuilder().build(signer.getPublicKey()))) {
                    errors.add(ocspError(0x75, "signature failure"));
                    return errors;
                }
            } catch (OCSPException | org.bouncycastle.operator.OperatorCreationException | RuntimeException e) {
                errors.add(ocspError(0x75, "signature failure"));
                return errors;
            }
        }
        if (noVerify) {
            return null;
        }
        Set<X509Certificate> untrusted = new LinkedHashSet<>();
        if (!settings.has("NOCHAIN")) {
            untrusted.addAll(included);
            untrusted.addAll(chain);
        }
        List<X509Certificate> signerChain = new ArrayList<>();
        String chainError = signerChain(signer, untrusted, signerChain);
        if (chainError != null) {
            detail.add("Verify error:" + chainError);
            errors.add(ocspError(0x65, "certificate verify error"));
            return errors;
        }
        if (settings.has("NOCHECKS")) {
            return null;
        }
        int issuerCheck = checkIssuer(response, signerChain, errors);
        if (issuerCheck > 0) {
            return null;
        }
        if (issuerCheck == 0 && !settings.has("NOEXPLICIT")) {
            // OpenSSL's last resort is explicit OCSP-signing trust on the root, which a plain CA file never carries
            errors.add(ocspError(0x70, "root ca not trusted"));
        }
        return errors;
    }

    /**
     * ocsp_check_issuer: 1 when the signer is the issuer named by the response's certificate IDs, or the next
     * certificate of the signer's chain is and the signer has id-kp-OCSPSigning; 0 when not (an error may be
     * queued); -1 on a fatal error (queued).
     */
    private int checkIssuer(BasicOCSPResp response, List<X509Certificate> signerChain, List<String> errors) {
        SingleResp[] responses = response.getResponses();
        if (responses.length == 0) {
            errors.add(ocspError(0x6F, "response contains no revocation data"));
            return -1;
        }
        CertificateID first = responses[0].getCertID();
        for (int i = 1; i < responses.length; i++) {
            CertificateID other = responses[i].getCertID();
            if (!sameIssuer(first, other)) {
                // a mismatch under another hash algorithm would need every ID matched; stunnel asks for one only
                return 0;
            }
        }
        X509Certificate signer = signerChain.get(0);
        if (signerChain.size() > 1) {
            int match = matchesIssuer(signerChain.get(1), first, errors);
            if (match < 0) {
                return match;
            }
            if (match > 0) {
                if (hasOcspSigning(signer)) {
                    return 1;
                }
                errors.add(ocspError(0x67, "missing ocspsigning usage"));
                return 0;
            }
        }
        return matchesIssuer(signer, first, errors);
    }

    private static boolean sameIssuer(CertificateID a, CertificateID b) {
        return a.getHashAlgOID().equals(b.getHashAlgOID()) && Arrays.equals(a.getIssuerNameHash(),
            b.getIssuerNameHash()) && Arrays.equals(a.getIssuerKeyHash(), b.getIssuerKeyHash());
    }

    /** ocsp_match_issuerid: the certificate's subject and key hashed with the ID's algorithm. */
    static int matchesIssuer(X509Certificate certificate, CertificateID id, List<String> errors) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance(id.getHashAlgOID().getId());
        } catch (GeneralSecurityException e) {
            errors.add(ocspError(0x77, "unknown message digest"));
            return -1;
        }
        byte[] nameHash = digest.digest(certificate.getSubjectX500Principal().getEncoded());
        byte[] keyHash = digest.digest(publicKeyBits(certificate));
        return Arrays.equals(nameHash, id.getIssuerNameHash()) && Arrays.equals(keyHash, id.getIssuerKeyHash())
            ? 1 : 0;
    }

    /** The subjectPublicKey BIT STRING's contents, which OpenSSL's X509_pubkey_digest hashes. */
    static byte[] publicKeyBits(X509Certificate certificate) {
        return SubjectPublicKeyInfo.getInstance(certificate.getPublicKey().getEncoded()).getPublicKeyData()
            .getBytes();
    }

    private static boolean hasOcspSigning(X509Certificate certificate) {
        try {
            List<String> usages = certificate.getExtendedKeyUsage();
            return usages != null && usages.contains(KeyPurposeId.id_kp_OCSPSigning.getId());
        } catch (CertificateException e) {
            return false;
        }
    }

    /** ocsp_find_signer_sk: by subject name, or by the SHA-1 of the key. */
    private static X509Certificate findSigner(List<X509Certificate> candidates, ResponderID id) {
        for (X509Certificate candidate : candidates) {
            if (id.getName() != null) {
                if (org.bouncycastle.asn1.x500.X500Name.getInstance(candidate.getSubjectX500Principal().getEncoded())
                    .equals(id.getName())) {
                    return candidate;
                }
            } else if (id.getKeyHash() != null && id.getKeyHash().length == 20) {
                try {
                    byte[] hash = MessageDigest.getInstance("SHA-1").digest(publicKeyBits(candidate));
                    if (Arrays.equals(hash, id.getKeyHash())) {
                        return candidate;
                    }
                } catch (GeneralSecurityException e) {
                    return null;
                }
            }
        }
        return null;
    }

    private static List<X509Certificate> included(BasicOCSPResp response) {
        List<X509Certificate> certificates = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        for (X509CertificateHolder holder : response.getCerts()) {
            try {
                certificates.add(converter.getCertificate(holder));
            } catch (CertificateException unusable) {
                // OpenSSL would not have parsed the response at all; skipping it cannot make a signer appear
            }
        }
        return certificates;
    }

    /**
     * X509_verify_cert for the signer (purpose OCSP helper): issuers from the trusted store first, then from
     * {@code untrusted}, up to a self-signed certificate of the store; intermediates must be CAs; every certificate
     * within its validity. Fills {@code out} with the chain, signer first.
     *
     * @return OpenSSL's error text, or null when the chain verifies
     */
    private String signerChain(X509Certificate signer, Set<X509Certificate> untrusted, List<X509Certificate> out) {
        X509Certificate current = signer;
        boolean fromStore = false;
        while (true) {
            out.add(current);
            int depth = out.size() - 1;
            if (PeerCertificateVerifier.isSelfSigned(current)) {
                if (!trusted.contains(current)) {
                    return depth == 0 ? "self-signed certificate" : "self-signed certificate in certificate chain";
                }
                break;
            }
            if (depth >= 16) {
                return "certificate chain too long";
            }
            X509Certificate issuer = PeerCertificateVerifier.issuerAmong(current, trusted);
            boolean issuerFromStore = issuer != null;
            if (issuer == null) {
                issuer = PeerCertificateVerifier.issuerAmong(current, untrusted);
            }
            if (issuer == null || out.contains(issuer)) {
                return fromStore ? "unable to get issuer certificate" : "unable to get local issuer certificate";
            }
            fromStore = issuerFromStore;
            current = issuer;
        }
        for (int depth = 1; depth < out.size(); depth++) {
            if (out.get(depth).getBasicConstraints() < 0) {
                return "invalid CA certificate";
            }
        }
        for (int depth = out.size() - 1; depth >= 0; depth--) {
            try {
                out.get(depth).checkValidity();
            } catch (CertificateExpiredException e) {
                return "certificate has expired";
            } catch (CertificateNotYetValidException e) {
                return "certificate is not yet valid";
            }
        }
        return null;
    }
}
