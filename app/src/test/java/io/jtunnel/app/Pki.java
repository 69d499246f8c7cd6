package io.jtunnel.app;

import io.jtunnel.certs.CertificateBuilder;
import io.jtunnel.certs.CertificateBundle;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * The certificates of the deployment, made at run time with certs-tool: the cloud client's CA (the operator's
 * CAfile), the tunnel's server certificate signed by it and written as the operator makes stunnel's cert file (key
 * first, then the certificate), a client certificate from the CA, one from another CA, and an expired one.
 */
final class Pki {
    final Path dir;
    /** CAfile: the CA that issues the cloud client's certificate. */
    final Path caFile;
    /** The tunnel's cert option: key + certificate chain in one file, key first. */
    final Path serverCombined;
    /** The same, certificate first, as the Windows guide makes it ({@code type cert.pem key.pem}). */
    final Path serverCombinedCertFirst;
    /** The tunnel's certificate alone (what the operator uploads to the cloud console). */
    final Path serverCert;
    final Path serverKey;
    final Path clientCert;
    final Path clientKey;
    final Path otherCaClientCert;
    final Path otherCaClientKey;
    final Path expiredClientCert;
    final Path expiredClientKey;
    final String clientSubject = "CN=cloud-icap-client,O=jtunnel test";

    private Pki(Path dir) {
        this.dir = dir;
        caFile = dir.resolve("MCASCAfile.pem");
        serverCombined = dir.resolve("stunnel-key.pem");
        serverCombinedCertFirst = dir.resolve("stunnel-key-windows.pem");
        serverCert = dir.resolve("cert.pem");
        serverKey = dir.resolve("key.pem");
        clientCert = dir.resolve("client.pem");
        clientKey = dir.resolve("client.key");
        otherCaClientCert = dir.resolve("other-ca-client.pem");
        otherCaClientKey = dir.resolve("other-ca-client.key");
        expiredClientCert = dir.resolve("expired-client.pem");
        expiredClientKey = dir.resolve("expired-client.key");
    }

    static Pki create(Path dir) throws IOException {
        Pki pki = new Pki(dir);
        CertificateBundle ca = new CertificateBuilder().subject("CN=jtunnel test CA,O=jtunnel test").ca(true).build();
        ca.writeCertificate(pki.caFile);

        CertificateBundle server = new CertificateBuilder().subject("CN=localhost,O=jtunnel test").issuer(ca)
            .serverAuth().dnsName("localhost").ipAddress("127.0.0.1").build();
        server.writeCombined(pki.serverCombined, true);
        server.writeCombined(pki.serverCombinedCertFirst, false);
        server.writeCertificate(pki.serverCert);
        server.writePrivateKey(pki.serverKey);

        CertificateBundle client = new CertificateBuilder().subject(pki.clientSubject).issuer(ca).clientAuth()
            .build();
        client.writeCertificate(pki.clientCert);
        client.writePrivateKey(pki.clientKey);

        CertificateBundle otherCa = new CertificateBuilder().subject("CN=some other CA,O=elsewhere").ca(true).build();
        CertificateBundle stranger = new CertificateBuilder().subject("CN=stranger,O=elsewhere").issuer(otherCa)
            .clientAuth().build();
        stranger.writeCertificate(pki.otherCaClientCert);
        stranger.writePrivateKey(pki.otherCaClientKey);

        Instant now = Instant.now();
        CertificateBundle expired = new CertificateBuilder().subject("CN=expired client,O=jtunnel test").issuer(ca)
            .clientAuth().validity(now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(1))).build();
        expired.writeCertificate(pki.expiredClientCert);
        expired.writePrivateKey(pki.expiredClientKey);
        return pki;
    }
}
