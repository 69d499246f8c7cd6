package io.jtunnel.tls;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.DSAPublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Locale;
import javax.crypto.interfaces.DHPublicKey;

/**
 * Security bits of keys and signatures as OpenSSL rates them for its security levels: RSA/DSA/DH by modulus size
 * (NIST SP 800-57: 1024 -> 80, 2048 -> 112, 3072 -> 128, 7680 -> 192, 15360 -> 256), elliptic curves by half the
 * order's bits, Ed25519 128 and Ed448 224; signature digests MD5 39, SHA-1 63, SHA-224 112, SHA-256 128, SHA-384 192,
 * SHA-512 256 (the figures of OpenSSL's X509_get_signature_info).
 */
final class KeyStrength {
    private KeyStrength() {
    }

    /** The key's security bits, or 0 for a key type OpenSSL would not rate either. */
    static int bits(PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            return finiteFieldBits(rsa.getModulus().bitLength());
        }
        if (key instanceof DSAPublicKey dsa) {
            return finiteFieldBits(dsa.getParams().getP().bitLength());
        }
        if (key instanceof DHPublicKey dh) {
            return finiteFieldBits(dh.getParams().getP().bitLength());
        }
        if (key instanceof ECPublicKey ec) {
            return ec.getParams().getOrder().bitLength() / 2;
        }
        String algorithm = key.getAlgorithm().toUpperCase(Locale.ROOT);
        return switch (algorithm) {
            case "ED25519", "X25519" -> 128;
            case "ED448", "X448" -> 224;
            case "EDDSA", "XDH" -> key.getEncoded().length > 50 ? 224 : 128; // 44-byte vs 69-byte SubjectPublicKeyInfo
            default -> 0;
        };
    }

    /** A short description for messages: "RSA 1024-bit key". */
    static String describe(PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            return "RSA " + rsa.getModulus().bitLength() + "-bit key";
        }
        if (key instanceof ECPublicKey ec) {
            return "EC " + ec.getParams().getOrder().bitLength() + "-bit key";
        }
        return key.getAlgorithm() + " key";
    }

    /** The strength of the certificate's signature, by its digest (or the EdDSA curve). */
    static int signatureBits(X509Certificate certificate) {
        String name = certificate.getSigAlgName().toUpperCase(Locale.ROOT).replace("-", "");
        if (name.contains("ED448")) {
            return 224;
        }
        if (name.contains("ED25519")) {
            return 128;
        }
        if (name.startsWith("MD5") || name.startsWith("MD2") || name.startsWith("MD4")) {
            return 39;
        }
        if (name.startsWith("SHA512")) {
            return 256;
        }
        if (name.startsWith("SHA384")) {
            return 192;
        }
        if (name.startsWith("SHA256")) {
            return 128;
        }
        if (name.startsWith("SHA224")) {
            return 112;
        }
        if (name.startsWith("SHA1") || name.equals("SHAWITHRSA") || name.equals("SHAWITHDSA")) {
            return 63;
        }
        if (name.startsWith("RSASSAPSS")) {
            return pssDigestBits(certificate);
        }
        return 0;
    }

    /** RSASSA-PSS names its digest in the parameters: the OID of the hash decides. */
    private static int pssDigestBits(X509Certificate certificate) {
        byte[] params = certificate.getSigAlgParams();
        if (params == null) {
            return 63; // PSS with default parameters is SHA-1
        }
        String hex = java.util.HexFormat.of().formatHex(params);
        // OIDs 2.16.840.1.101.3.4.2.{1,2,3}: SHA-256, SHA-384, SHA-512
        if (hex.contains("0609608648016503040203")) {
            return 256;
        }
        if (hex.contains("0609608648016503040202")) {
            return 192;
        }
        if (hex.contains("0609608648016503040201")) {
            return 128;
        }
        return 63;
    }

    private static int finiteFieldBits(int modulusBits) {
        if (modulusBits >= 15360) {
            return 256;
        }
        if (modulusBits >= 7680) {
            return 192;
        }
        if (modulusBits >= 3072) {
            return 128;
        }
        if (modulusBits >= 2048) {
            return 112;
        }
        if (modulusBits >= 1024) {
            return 80;
        }
        return 0;
    }
}
