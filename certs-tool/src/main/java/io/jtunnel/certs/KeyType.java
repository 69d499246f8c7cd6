package io.jtunnel.certs;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;

/**
 * The kind of key pair a certificate is made for: RSA of 2048, 3072 or 4096 bits, or EC on
 * P-256. {@link #DEFAULT} is RSA 2048, what {@code openssl genrsa} makes.
 */
public enum KeyType {
    RSA_2048("RSA", 2048),
    RSA_3072("RSA", 3072),
    RSA_4096("RSA", 4096),
    /** ECDSA on NIST P-256 (secp256r1, OpenSSL's prime256v1). */
    EC_P256("EC", 256);

    /** The key type used when none is given: RSA 2048, as {@code openssl genrsa} defaults to. */
    public static final KeyType DEFAULT = RSA_2048;

    private final String algorithm;
    private final int bits;

    KeyType(String algorithm, int bits) {
        this.algorithm = algorithm;
        this.bits = bits;
    }

    /** Returns the RSA key type of the given size; only 2048, 3072 and 4096 are supported. */
    public static KeyType rsa(int bits) {
        return Arrays.stream(values())
                .filter(type -> type.isRsa() && type.bits == bits)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "RSA key size " + bits + " is not supported (expected: 2048, 3072 or 4096)"));
    }

    /** Returns the JCA key algorithm name: {@code RSA} or {@code EC}. */
    public String algorithm() {
        return algorithm;
    }

    /** Returns the key size in bits (the modulus for RSA, the field size for EC). */
    public int bits() {
        return bits;
    }

    public boolean isRsa() {
        return "RSA".equals(algorithm);
    }

    /** Generates a new key pair of this type with the JDK's providers. */
    public KeyPair generate(SecureRandom random) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            if (isRsa()) {
                generator.initialize(bits, random);
            } else {
                generator.initialize(new ECGenParameterSpec("secp256r1"), random);
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate " + this + " key pair: " + e.getMessage(), e);
        }
    }
}
