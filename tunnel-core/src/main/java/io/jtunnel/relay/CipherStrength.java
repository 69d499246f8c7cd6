package io.jtunnel.relay;

/** The symmetric key size of a cipher suite name, for stunnel's {@code (256-bit encryption)} log text. */
final class CipherStrength {
    private CipherStrength() {
    }

    static int bits(String suite) {
        if (suite.contains("AES_256") || suite.contains("AES256") || suite.contains("CHACHA20")) {
            return 256;
        }
        if (suite.contains("AES_128") || suite.contains("AES128")) {
            return 128;
        }
        if (suite.contains("3DES")) {
            return 112;
        }
        return 0;
    }
}
