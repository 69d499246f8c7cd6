package io.jtunnel.tls;

import io.netty.handler.ssl.CipherSuiteConverter;
import java.util.ArrayList;
import java.util.List;

/** A {@code ciphers} value for engines that take suite names only: each OpenSSL or IANA name as the JDK spells it. */
final class CipherNames {
    private CipherNames() {
    }

    static List<String> toJava(String ciphers) throws KeyMaterialException {
        List<String> names = new ArrayList<>();
        for (String token : ciphers.split("[:, ]+")) {
            if (token.isEmpty()) {
                continue;
            }
            String java = token.startsWith("TLS_") || token.startsWith("SSL_") ? token
                : CipherSuiteConverter.toJava(token, "TLS");
            if (java == null) {
                throw new KeyMaterialException("ciphers = " + ciphers + ": \"" + token + "\" is OpenSSL cipher-string"
                    + " syntax, which only the openssl engine expands; list suite names instead");
            }
            names.add(java);
        }
        if (names.isEmpty()) {
            throw new KeyMaterialException("ciphers = " + ciphers + ": no cipher suite named");
        }
        return names;
    }
}
