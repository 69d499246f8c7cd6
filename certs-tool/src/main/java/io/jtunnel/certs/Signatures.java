package io.jtunnel.certs;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;

/** Signature algorithms for the supported keys, and whether a private key belongs to a public key. */
public final class Signatures {

    private Signatures() {
    }

    /** The SHA-256 signature algorithm for the key, as openssl chooses by default. */
    static String sha256Algorithm(PrivateKey key) {
        switch (key.getAlgorithm()) {
            case "RSA":
                return "SHA256withRSA";
            case "EC":
            case "ECDSA":
                return "SHA256withECDSA";
            default:
                throw new IllegalArgumentException(
                        "cannot sign with a " + key.getAlgorithm() + " key (expected: RSA or EC)");
        }
    }

    /** Whether the private key is the one for the public key: a signature made with one verifies with the other. */
    public static boolean matches(PrivateKey privateKey, PublicKey publicKey) {
        if (privateKey instanceof RSAPrivateCrtKey && publicKey instanceof RSAPublicKey) {
            RSAPrivateCrtKey rsa = (RSAPrivateCrtKey) privateKey;
            RSAPublicKey rsaPublic = (RSAPublicKey) publicKey;
            return rsa.getModulus().equals(rsaPublic.getModulus())
                    && rsa.getPublicExponent().equals(rsaPublic.getPublicExponent());
        }
        try {
            String algorithm = isEdwards(privateKey) ? privateKey.getAlgorithm()
                : privateKey.getAlgorithm().equals("DSA") ? "SHA256withDSA" : sha256Algorithm(privateKey);
            byte[] challenge = new byte[32];
            new SecureRandom().nextBytes(challenge);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(privateKey);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            // A key of another algorithm or curve cannot be the certificate's key.
            return false;
        }
    }

    private static boolean isEdwards(PrivateKey key) {
        String algorithm = key.getAlgorithm();
        return algorithm.equals("EdDSA") || algorithm.equals("Ed25519") || algorithm.equals("Ed448");
    }
}
