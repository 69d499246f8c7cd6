package io.jtunnel.tls;

import io.jtunnel.certs.CertificateBuilder;
import io.jtunnel.certs.CertificateBundle;
import io.jtunnel.certs.KeyType;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;

/** Certificates for the verifier tests, made once per JVM with EC keys (fast): good, foreign, expired, pinned. */
final class TestChains {
    static final Instant NOW = Instant.now();

    static final CertificateBundle ROOT = ca("CN=Test Root,O=jtunnel", null, null);
    static final CertificateBundle INTERMEDIATE = ca("CN=Test Intermediate,O=jtunnel", ROOT, null);
    static final CertificateBundle OTHER_ROOT = ca("CN=Other Root", null, null);

    static final CertificateBundle LEAF = leaf("CN=client,O=jtunnel", ROOT);
    static final CertificateBundle LEAF_VIA_INTERMEDIATE = leaf("CN=client via intermediate", INTERMEDIATE);
    static final CertificateBundle FOREIGN_LEAF = leaf("CN=intruder", OTHER_ROOT);
    /** Same subject and issuer as {@link #FOREIGN_LEAF}, another key. */
    static final CertificateBundle FOREIGN_LEAF_IMPOSTOR = leaf("CN=intruder", OTHER_ROOT);
    static final CertificateBundle SELF_SIGNED = new CertificateBuilder().subject("CN=self-signed peer")
        .keyType(KeyType.EC_P256).build();
    /** Same subject as {@link #SELF_SIGNED}, another key. */
    static final CertificateBundle SELF_SIGNED_IMPOSTOR = new CertificateBuilder().subject("CN=self-signed peer")
        .keyType(KeyType.EC_P256).build();
    static final CertificateBundle EXPIRED_SELF_SIGNED = new CertificateBuilder().subject("CN=expired self-signed")
        .keyType(KeyType.EC_P256).validity(days(-30), days(-1)).build();

    static final CertificateBundle EXPIRED_LEAF = new CertificateBuilder().subject("CN=expired client")
        .keyType(KeyType.EC_P256).validity(days(-30), days(-1)).issuer(ROOT).build();
    static final CertificateBundle NOT_YET_VALID_LEAF = new CertificateBuilder().subject("CN=future client")
        .keyType(KeyType.EC_P256).validity(days(1), days(30)).issuer(ROOT).build();

    /** An intermediate that expired yesterday, and a leaf it issued while it was valid. */
    static final CertificateBundle EXPIRED_INTERMEDIATE = ca("CN=Expired Intermediate", ROOT,
        new Instant[] {days(-60), days(-1)});
    static final CertificateBundle LEAF_UNDER_EXPIRED_INTERMEDIATE = new CertificateBuilder()
        .subject("CN=client of expired intermediate").keyType(KeyType.EC_P256).validity(days(-10), days(10))
        .issuer(EXPIRED_INTERMEDIATE).build();
    /** A leaf whose whole validity starts after its issuer expired. */
    static final CertificateBundle LEAF_NEWER_THAN_EXPIRED_INTERMEDIATE = new CertificateBuilder()
        .subject("CN=client newer than its issuer").keyType(KeyType.EC_P256).issuer(EXPIRED_INTERMEDIATE).build();

    /** A root that expired yesterday, and a currently valid leaf it issued while valid. */
    static final CertificateBundle EXPIRED_ROOT = ca("CN=Expired Root", null, new Instant[] {days(-60), days(-1)});
    static final CertificateBundle LEAF_UNDER_EXPIRED_ROOT = new CertificateBuilder().subject("CN=client of expired root")
        .keyType(KeyType.EC_P256).validity(days(-10), days(10)).issuer(EXPIRED_ROOT).build();

    private TestChains() {
    }

    static Instant days(int days) {
        return NOW.plus(Duration.ofDays(days));
    }

    private static CertificateBundle ca(String subject, CertificateBundle issuer, Instant[] validity) {
        CertificateBuilder builder = new CertificateBuilder().subject(subject).keyType(KeyType.EC_P256).ca(true);
        if (issuer != null) {
            builder.issuer(issuer);
        }
        if (validity != null) {
            builder.validity(validity[0], validity[1]);
        }
        return builder.build();
    }

    private static CertificateBundle leaf(String subject, CertificateBundle issuer) {
        return new CertificateBuilder().subject(subject).keyType(KeyType.EC_P256).clientAuth().issuer(issuer).build();
    }

    /** The chain a peer presents: its certificate, then the given ones. */
    static X509Certificate[] presented(CertificateBundle leaf, CertificateBundle... above) {
        X509Certificate[] chain = new X509Certificate[above.length + 1];
        chain[0] = leaf.certificate();
        for (int i = 0; i < above.length; i++) {
            chain[i + 1] = above[i].certificate();
        }
        return chain;
    }
}
