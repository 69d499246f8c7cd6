package io.jtunnel.tls;

import io.jtunnel.certs.CertificateBuilder;
import io.jtunnel.certs.CertificateBundle;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificates for OCSP tests, made at run time: a CA, a server, clients that an OCSP index lists as good and as
 * revoked, one it does not list, a delegated responder (id-kp-OCSPSigning) and a responder without that usage;
 * clients naming an AIA responder are made on demand. Writes the files {@code openssl ocsp} serves from.
 */
public final class OcspTestPki {
    private static final SecureRandom RANDOM = new SecureRandom();

    public final CertificateBundle ca = new CertificateBuilder().subject("CN=OCSP test CA").ca(true).build();
    public final CertificateBundle server = new CertificateBuilder().subject("CN=server").serverAuth()
        .dnsName("localhost").ipAddress("127.0.0.1").issuer(ca).build();
    public final CertificateBundle revokedServer = new CertificateBuilder().subject("CN=revoked server").serverAuth()
        .dnsName("localhost").ipAddress("127.0.0.1").issuer(ca).build();
    public final CertificateBundle good = new CertificateBuilder().subject("CN=good client").clientAuth().issuer(ca)
        .build();
    public final CertificateBundle revoked = new CertificateBuilder().subject("CN=revoked client").clientAuth()
        .issuer(ca).build();
    public final CertificateBundle unlisted = new CertificateBuilder().subject("CN=unlisted client").clientAuth()
        .issuer(ca).build();
    public final CertificateBundle responder = issue("CN=OCSP responder", KeyPurposeId.id_kp_OCSPSigning, null);
    public final CertificateBundle notResponder = issue("CN=not a responder", KeyPurposeId.id_kp_clientAuth, null);

    public final Path dir;
    public final Path caPem;
    public final Path serverPem;
    public final Path revokedServerPem;
    public final Path index;

    public OcspTestPki(Path dir) throws IOException {
        this.dir = dir;
        caPem = dir.resolve("ca.pem");
        serverPem = dir.resolve("server.pem");
        revokedServerPem = dir.resolve("revoked-server.pem");
        index = dir.resolve("index.txt");
        ca.writeCertificate(caPem);
        server.writeCombined(serverPem, true);
        revokedServer.writeCombined(revokedServerPem, true);
        responder.writeCertificate(dir.resolve("responder.pem"));
        responder.writePrivateKey(dir.resolve("responder.key"));
        Files.writeString(index, entry(good, null) + entry(server, null) + entry(revoked, "keyCompromise")
            + entry(revokedServer, "superseded"), StandardCharsets.US_ASCII);
    }

    /** A client whose AIA extension names {@code url} as its OCSP responder. */
    public CertificateBundle aiaClient(String subject, String url) {
        return issue(subject, KeyPurposeId.id_kp_clientAuth, url);
    }

    /** An index line of {@code openssl ca}'s database, which {@code openssl ocsp -index} reads. */
    private static String entry(CertificateBundle bundle, String revocationReason) {
        DateTimeFormatter format = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);
        X509Certificate certificate = bundle.certificate();
        String expiry = format.format(certificate.getNotAfter().toInstant());
        String revokedAt = revocationReason == null ? ""
            : format.format(Instant.now().minus(Duration.ofHours(1))) + "," + revocationReason;
        String subject = "/" + String.join("/", List.of(certificate.getSubjectX500Principal().getName().split(",")));
        String serial = certificate.getSerialNumber().toString(16).toUpperCase(java.util.Locale.ROOT);
        serial = serial.length() % 2 == 0 ? serial : "0" + serial; // BN_bn2hex's whole bytes, which the lookup uses
        return (revocationReason == null ? "V" : "R") + "\t" + expiry + "\t" + revokedAt + "\t" + serial
            + "\tunknown\t" + subject + "\n";
    }

    /** A certificate of the CA with one extended key usage and, optionally, an AIA OCSP responder URL. */
    private CertificateBundle issue(String subject, KeyPurposeId usage, String aiaUrl) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            KeyPair keys = generator.generateKeyPair();
            Instant now = Instant.now().minus(Duration.ofMinutes(5));
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                ca.certificate(), new BigInteger(64, RANDOM).add(BigInteger.ONE),
                Date.from(now), Date.from(now.plus(Duration.ofDays(30))), new X500Name(subject), keys.getPublic());
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(usage));
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                utils.createAuthorityKeyIdentifier(ca.certificate()));
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                utils.createSubjectKeyIdentifier(keys.getPublic()));
            if (aiaUrl != null) {
                builder.addExtension(Extension.authorityInfoAccess, false, new AuthorityInformationAccess(
                    new AccessDescription(AccessDescription.id_ad_ocsp,
                        new GeneralName(GeneralName.uniformResourceIdentifier, aiaUrl))));
            }
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(builder.build(
                new JcaContentSignerBuilder(signatureAlgorithm(ca.privateKey())).build(ca.privateKey())));
            return new CertificateBundle(keys, certificate, List.of(ca.certificate()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static String signatureAlgorithm(PrivateKey key) {
        return switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> key.getAlgorithm();
        };
    }
}
