package io.jtunnel.certs;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.IPAddress;

/**
 * A fluent builder of a key pair and its X.509 v3 certificate, self-signed or signed by an issuer.
 *
 * <p>With only a subject set it makes what {@code openssl genrsa 2048} followed by
 * {@code openssl req -new -x509 -days 1095} makes: an RSA 2048 key and a self-signed SHA-256
 * certificate valid for 1095 days from now, with a random 159-bit serial and exactly the extensions
 * subjectKeyIdentifier, authorityKeyIdentifier (keyid) and basicConstraints {@code CA:TRUE} (critical).
 */
public final class CertificateBuilder {

    /** Validity used when none is given, the {@code -days 1095} of stunnel's own certificate recipe. */
    public static final int DEFAULT_VALIDITY_DAYS = 1095;

    private static final int SERIAL_BITS = 159;

    private final Clock clock;
    private final SecureRandom random;

    private X500Principal subject;
    private KeyType keyType = KeyType.DEFAULT;
    private KeyPair keyPair;
    private int validityDays = DEFAULT_VALIDITY_DAYS;
    private Instant notBefore;
    private Instant notAfter;
    private Boolean ca;
    private boolean serverAuth;
    private boolean clientAuth;
    private final List<GeneralName> subjectAltNames = new ArrayList<>();
    private CertificateBundle issuer;

    public CertificateBuilder() {
        this(Clock.systemUTC(), new SecureRandom());
    }

    CertificateBuilder(Clock clock, SecureRandom random) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** Sets the subject, an RFC 2253 distinguished name such as {@code "CN=server,O=jtunnel test"}. */
    public CertificateBuilder subject(String x500Dn) {
        Objects.requireNonNull(x500Dn, "x500Dn");
        X500Principal principal;
        try {
            principal = new X500Principal(x500Dn);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid subject \"" + x500Dn + "\": " + e.getMessage(), e);
        }
        if (principal.getEncoded().length <= 2) {
            throw new IllegalArgumentException("invalid subject \"" + x500Dn + "\": empty distinguished name");
        }
        this.subject = principal;
        return this;
    }

    /** Sets the subject, e.g. one made by {@link OpenSslSubject} or {@link SubjectDialog}, encoded as given. */
    public CertificateBuilder subject(X500Principal subject) {
        Objects.requireNonNull(subject, "subject");
        if (subject.getEncoded().length <= 2) {
            throw new IllegalArgumentException("invalid subject: empty distinguished name");
        }
        this.subject = subject;
        return this;
    }

    /** Sets the type of key pair to generate; {@link KeyType#DEFAULT} (RSA 2048) unless set. */
    public CertificateBuilder keyType(KeyType keyType) {
        this.keyType = Objects.requireNonNull(keyType, "keyType");
        this.keyPair = null;
        return this;
    }

    /** Certifies an existing key pair instead of generating one, as {@code openssl req -key} does. */
    public CertificateBuilder keyPair(KeyPair keyPair) {
        this.keyPair = Objects.requireNonNull(keyPair, "keyPair");
        return this;
    }

    /** Sets an explicit validity period, which may lie in the past or the future. */
    public CertificateBuilder validity(Instant notBefore, Instant notAfter) {
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(notAfter, "notAfter");
        if (!notAfter.isAfter(notBefore)) {
            throw new IllegalArgumentException(
                    "notAfter " + notAfter + " must be later than notBefore " + notBefore);
        }
        this.notBefore = notBefore;
        this.notAfter = notAfter;
        return this;
    }

    /** Makes the certificate valid from the moment it is built for {@code days} days, as {@code openssl req -days}. */
    public CertificateBuilder validForDays(int days) {
        if (days <= 0) {
            throw new IllegalArgumentException("days = " + days + ": value out of range (expected: > 0)");
        }
        this.validityDays = days;
        this.notBefore = null;
        this.notAfter = null;
        return this;
    }

    /**
     * Marks the certificate as a CA ({@code basicConstraints CA:TRUE}, keyUsage keyCertSign, cRLSign,
     * digitalSignature) or not ({@code CA:FALSE}). Unless set, a self-signed certificate is a CA without
     * keyUsage, as {@code openssl req -x509} makes it, and an issued one is not a CA.
     */
    public CertificateBuilder ca(boolean ca) {
        this.ca = ca;
        return this;
    }

    /** Adds the extended key usage TLS Web Server Authentication. */
    public CertificateBuilder serverAuth() {
        this.serverAuth = true;
        return this;
    }

    /** Adds the extended key usage TLS Web Client Authentication. */
    public CertificateBuilder clientAuth() {
        this.clientAuth = true;
        return this;
    }

    /** Adds a DNS name to the subjectAltName extension; internationalised names must be in their xn-- form. */
    public CertificateBuilder dnsName(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank() || !name.chars().allMatch(c -> c > ' ' && c < 0x7f)) {
            throw new IllegalArgumentException("invalid DNS name \"" + name + "\"");
        }
        subjectAltNames.add(new GeneralName(GeneralName.dNSName, name));
        return this;
    }

    /** Adds an IPv4 or IPv6 address to the subjectAltName extension. */
    public CertificateBuilder ipAddress(String address) {
        Objects.requireNonNull(address, "address");
        if (!IPAddress.isValid(address)) {
            throw new IllegalArgumentException("invalid IP address \"" + address + "\"");
        }
        subjectAltNames.add(new GeneralName(GeneralName.iPAddress, address));
        return this;
    }

    /** Adds an email address (rfc822Name) to the subjectAltName extension. */
    public CertificateBuilder emailAddress(String address) {
        Objects.requireNonNull(address, "address");
        if (address.isBlank() || !address.chars().allMatch(c -> c > ' ' && c < 0x7f)) {
            throw new IllegalArgumentException("invalid email address \"" + address + "\"");
        }
        subjectAltNames.add(new GeneralName(GeneralName.rfc822Name, address));
        return this;
    }

    /** Adds a name already checked by {@link SubjectAltNames}. */
    CertificateBuilder subjectAltName(GeneralName name) {
        subjectAltNames.add(Objects.requireNonNull(name, "name"));
        return this;
    }

    /** Has the certificate signed by {@code issuer}, a CA, instead of self-signed. */
    public CertificateBuilder issuer(CertificateBundle issuer) {
        Objects.requireNonNull(issuer, "issuer");
        X509Certificate certificate = issuer.certificate();
        boolean[] keyUsage = certificate.getKeyUsage();
        if (certificate.getBasicConstraints() < 0 || (keyUsage != null && !keyUsage[5])) {
            throw new IllegalArgumentException(
                    "issuer " + certificate.getSubjectX500Principal().getName() + " is not a CA");
        }
        this.issuer = issuer;
        return this;
    }

    /**
     * Generates the key pair (unless one was given) and the certificate.
     *
     * @throws IllegalStateException if no subject is set
     */
    public CertificateBundle build() {
        if (subject == null) {
            throw new IllegalStateException("subject is not set");
        }
        KeyPair subjectKeys = keyPair != null ? keyPair : keyType.generate(random);
        try {
            X509Certificate certificate = sign(subjectKeys);
            List<X509Certificate> chain = new ArrayList<>();
            if (issuer != null) {
                chain.add(issuer.certificate());
                chain.addAll(issuer.chain());
            }
            return new CertificateBundle(subjectKeys, certificate, chain);
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException(
                    "cannot build certificate for " + subject.getName() + ": " + e.getMessage(), e);
        }
    }

    private X509Certificate sign(KeyPair subjectKeys)
            throws GeneralSecurityException, OperatorCreationException, IOException {
        Instant start = notBefore != null ? notBefore : clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant end = notAfter != null ? notAfter : start.plus(Duration.ofDays(validityDays));
        X500Principal issuerName = issuer != null ? issuer.certificate().getSubjectX500Principal() : subject;
        PrivateKey signingKey = issuer != null ? issuer.privateKey() : subjectKeys.getPrivate();

        JcaX509ExtensionUtils extensionUtils = new JcaX509ExtensionUtils();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                issuerName, serialNumber(), Date.from(start), Date.from(end), subject, subjectKeys.getPublic());
        // The order openssl req -x509 uses: SKI, AKI, basicConstraints.
        builder.addExtension(Extension.subjectKeyIdentifier, false,
                extensionUtils.createSubjectKeyIdentifier(subjectKeys.getPublic()));
        builder.addExtension(Extension.authorityKeyIdentifier, false,
                authorityKeyIdentifier(extensionUtils, subjectKeys));
        boolean isCa = ca != null ? ca : issuer == null;
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
        int keyUsage = keyUsage(subjectKeys);
        if (keyUsage != 0) {
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
        }
        List<KeyPurposeId> purposes = new ArrayList<>();
        if (serverAuth) {
            purposes.add(KeyPurposeId.id_kp_serverAuth);
        }
        if (clientAuth) {
            purposes.add(KeyPurposeId.id_kp_clientAuth);
        }
        if (!purposes.isEmpty()) {
            builder.addExtension(Extension.extendedKeyUsage, false,
                    new ExtendedKeyUsage(purposes.toArray(KeyPurposeId[]::new)));
        }
        if (!subjectAltNames.isEmpty()) {
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(subjectAltNames.toArray(GeneralName[]::new)));
        }
        ContentSigner signer = new JcaContentSignerBuilder(Signatures.sha256Algorithm(signingKey))
                .setSecureRandom(random)
                .build(signingKey);
        return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
    }

    private AuthorityKeyIdentifier authorityKeyIdentifier(JcaX509ExtensionUtils extensionUtils, KeyPair subjectKeys)
            throws IOException {
        if (issuer == null) {
            return extensionUtils.createAuthorityKeyIdentifier(subjectKeys.getPublic());
        }
        // RFC 5280 has the AKI repeat the issuer's SKI, which need not be the SHA-1 of its key if made elsewhere.
        byte[] issuerSki = issuer.certificate().getExtensionValue(Extension.subjectKeyIdentifier.getId());
        if (issuerSki == null) {
            return extensionUtils.createAuthorityKeyIdentifier(issuer.certificate().getPublicKey());
        }
        SubjectKeyIdentifier ski = SubjectKeyIdentifier.getInstance(JcaX509ExtensionUtils.parseExtensionValue(issuerSki));
        return new AuthorityKeyIdentifier(ski.getKeyIdentifier());
    }

    private int keyUsage(KeyPair subjectKeys) {
        int usage = 0;
        if (Boolean.TRUE.equals(ca)) {
            usage |= KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature;
        }
        if (serverAuth || clientAuth) {
            usage |= KeyUsage.digitalSignature;
            // RSA key exchange (TLS 1.2 and older) encrypts the premaster secret with the certificate's key.
            if ("RSA".equals(subjectKeys.getPublic().getAlgorithm())) {
                usage |= KeyUsage.keyEncipherment;
            }
        }
        return usage;
    }

    private BigInteger serialNumber() {
        BigInteger serial;
        do {
            serial = new BigInteger(SERIAL_BITS, random);
        } while (serial.signum() == 0);
        return serial;
    }
}
