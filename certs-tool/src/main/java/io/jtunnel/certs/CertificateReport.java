package io.jtunnel.certs;

import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.nist.NISTNamedCurves;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;

/**
 * What an operator checks before uploading a certificate or after receiving one: names, validity, key,
 * fingerprints as openssl prints them, and whether a private key in the same file belongs to it.
 */
public final class CertificateReport {

    private static final DateTimeFormatter OPENSSL_TIME =
            DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss yyyy 'GMT'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final long DAY_SECONDS = Duration.ofDays(1).toSeconds();

    private CertificateReport() {
    }

    /** Describes every certificate in the PEM file in file order (leaf first in a chain), then the key check. */
    public static String describe(Path file) throws IOException, CertificateInputException {
        return describe(file, Clock.systemUTC());
    }

    static String describe(Path file, Clock clock) throws IOException, CertificateInputException {
        PemFile pem = PemFile.read(file);
        List<X509Certificate> certificates = pem.certificates();
        if (certificates.isEmpty()) {
            throw new CertificateInputException(file + ": holds no certificate (expected a PEM \"BEGIN CERTIFICATE\" block)");
        }
        StringBuilder out = new StringBuilder();
        Instant now = clock.instant();
        for (int i = 0; i < certificates.size(); i++) {
            out.append("Certificate ").append(i + 1).append(" of ").append(certificates.size()).append('\n');
            describe(certificates.get(i), now, out);
            out.append('\n');
        }
        if (!pem.keys().isEmpty()) {
            PrivateKey key = pem.keys().get(0);
            out.append(Signatures.matches(key, certificates.get(0).getPublicKey())
                    ? "Private key: matches the certificate\n"
                    : "Private key: DOES NOT match the certificate\n");
        } else if (pem.hasEncryptedKey()) {
            out.append("Private key: encrypted, not checked (jtunnel needs an unencrypted key)\n");
        } else {
            out.append("Private key: none in this file\n");
        }
        return out.toString();
    }

    private static void describe(X509Certificate certificate, Instant now, StringBuilder out)
            throws CertificateInputException {
        String subject = OpenSslNames.oneLine(certificate.getSubjectX500Principal());
        String issuer = OpenSslNames.oneLine(certificate.getIssuerX500Principal());
        boolean selfIssued = certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal());
        line(out, "Subject", subject);
        line(out, "Issuer", selfIssued ? issuer + " (self-signed)" : issuer);
        line(out, "Not Before", OPENSSL_TIME.format(certificate.getNotBefore().toInstant()));
        Instant notAfter = certificate.getNotAfter().toInstant();
        line(out, "Not After", OPENSSL_TIME.format(notAfter) + " (" + remaining(certificate, now) + ")");
        line(out, "Subject Alt Names", subjectAltNames(certificate));
        line(out, "Key", keyDescription(certificate.getPublicKey()));
        line(out, "Serial", serial(certificate));
        line(out, "SHA-1 Fingerprint", fingerprint(certificate, "SHA-1"));
        line(out, "SHA-256 Fingerprint", fingerprint(certificate, "SHA-256"));
        line(out, "CA", certificate.getBasicConstraints() >= 0 ? "yes" : "no");
    }

    private static void line(StringBuilder out, String label, String value) {
        out.append(String.format("  %-20s %s%n", label + ":", value));
    }

    /** "1095 days left", "EXPIRED 3 days ago" or "NOT YET VALID, starts in 2 days". */
    static String remaining(X509Certificate certificate, Instant now) {
        Instant notBefore = certificate.getNotBefore().toInstant();
        Instant notAfter = certificate.getNotAfter().toInstant();
        if (now.isBefore(notBefore)) {
            return "NOT YET VALID, starts in " + days(Duration.between(now, notBefore));
        }
        if (now.isAfter(notAfter)) {
            long ago = Duration.between(notAfter, now).toSeconds() / DAY_SECONDS;
            return ago == 0 ? "EXPIRED today" : "EXPIRED " + plural(ago) + " ago";
        }
        return days(Duration.between(now, notAfter)) + " left";
    }

    private static String days(Duration duration) {
        if (duration.toSeconds() < DAY_SECONDS) {
            return "less than a day";
        }
        // Rounded, so that a certificate made a moment ago for 1095 days shows 1095.
        return plural(Math.round(duration.toSeconds() / (double) DAY_SECONDS));
    }

    private static String plural(long days) {
        return days == 1 ? "1 day" : days + " days";
    }

    private static String subjectAltNames(X509Certificate certificate) throws CertificateInputException {
        Collection<List<?>> names;
        try {
            names = certificate.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            throw new CertificateInputException("cannot read the subjectAltName of "
                    + OpenSslNames.oneLine(certificate.getSubjectX500Principal()) + ": " + e.getMessage());
        }
        if (names == null) {
            return "none";
        }
        List<String> printed = new ArrayList<>();
        for (List<?> name : names) {
            int type = (Integer) name.get(0);
            Object value = name.get(1);
            switch (type) {
                case 1:
                    printed.add("email:" + value);
                    break;
                case 2:
                    printed.add("DNS:" + value);
                    break;
                case 6:
                    printed.add("URI:" + value);
                    break;
                case 7:
                    printed.add("IP Address:" + value);
                    break;
                default:
                    printed.add("othername (type " + type + ")");
                    break;
            }
        }
        return String.join(", ", printed);
    }

    /** "RSA 2048 bit", "EC P-256", "Ed25519". */
    static String keyDescription(PublicKey key) {
        if (key instanceof RSAPublicKey) {
            return "RSA " + ((RSAPublicKey) key).getModulus().bitLength() + " bit";
        }
        SubjectPublicKeyInfo info = SubjectPublicKeyInfo.getInstance(key.getEncoded());
        if ("EC".equals(key.getAlgorithm())
                && info.getAlgorithm().getParameters() instanceof ASN1ObjectIdentifier) {
            ASN1ObjectIdentifier curve = (ASN1ObjectIdentifier) info.getAlgorithm().getParameters();
            String name = NISTNamedCurves.getName(curve);
            if (name == null) {
                name = ECNamedCurveTable.getName(curve);
            }
            return "EC " + (name != null ? name : curve.getId());
        }
        return key.getAlgorithm();
    }

    /** The serial as {@code openssl x509 -serial} prints it: uppercase hex of the integer's bytes. */
    static String serial(X509Certificate certificate) {
        String hex = certificate.getSerialNumber().toString(16).toUpperCase(Locale.ROOT);
        return hex.length() % 2 == 0 ? hex : "0" + hex;
    }

    /** As {@code openssl x509 -noout -fingerprint}: uppercase hex pairs joined by ':'. */
    static String fingerprint(X509Certificate certificate, String digest) throws CertificateInputException {
        try {
            byte[] hash = MessageDigest.getInstance(digest).digest(certificate.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(digest + " is not available", e);
        } catch (CertificateEncodingException e) {
            throw new CertificateInputException("cannot encode certificate: " + e.getMessage());
        }
    }
}
