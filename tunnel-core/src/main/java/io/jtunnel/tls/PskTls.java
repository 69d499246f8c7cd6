package io.jtunnel.tls;

import io.jtunnel.config.ServiceConfig;
import io.jtunnel.config.TlsProtocols;
import io.jtunnel.config.TlsVersion;
import io.jtunnel.log.LogLevel;
import io.jtunnel.log.LogSink;
import io.netty.handler.ssl.util.SimpleKeyManagerFactory;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.ManagerFactoryParameters;

/**
 * What {@code PSKsecrets} changes in a service's TLS: only Conscrypt has TLS-PSK, and only in TLS 1.2 (its TLS 1.3
 * ignores external PSKs), so such a service runs on the conscrypt engine, over TLS 1.2, with PSK suites.
 */
final class PskTls {
    /** Conscrypt's PSK suites, ECDHE (forward secrecy) first: what stunnel's default list shares with BoringSSL. */
    static final List<String> SUITES = List.of("TLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256",
        "TLS_ECDHE_PSK_WITH_AES_256_CBC_SHA", "TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA", "TLS_PSK_WITH_AES_256_CBC_SHA",
        "TLS_PSK_WITH_AES_128_CBC_SHA");

    private PskTls() {
    }

    /** The conscrypt engine, whichever engine the others use; a clear refusal where Conscrypt cannot load. */
    static TlsEngine engine(TlsEngine chosen, ServiceConfig service, LogSink log) throws KeyMaterialException {
        if (chosen instanceof ConscryptTlsEngine) {
            return chosen;
        }
        if (!ConscryptTlsEngine.available()) {
            throw new KeyMaterialException("PSKsecrets needs the conscrypt TLS engine (the only one with TLS-PSK),"
                + " which cannot load on this machine");
        }
        log.log(LogLevel.INFO, "Service [" + service.name() + "]: PSKsecrets: this service uses the conscrypt TLS"
            + " engine, the only one with TLS-PSK (the " + chosen.name() + " engine has none)");
        return new ConscryptTlsEngine();
    }

    /**
     * TLS 1.2 alone when the service's range and options allow it (stunnel would also do TLS 1.3 PSK, which
     * Conscrypt cannot); a clear error when they exclude TLS 1.2.
     */
    static TlsProtocols protocols(ServiceConfig service, LogSink log) throws KeyMaterialException {
        TlsProtocols range = service.protocols();
        boolean inRange = range.min().ordinal() <= TlsVersion.TLSV1_2.ordinal()
            && range.max().ordinal() >= TlsVersion.TLSV1_2.ordinal();
        if (!inRange) {
            throw new KeyMaterialException("PSKsecrets needs TLS 1.2: jtunnel's TLS-PSK (Conscrypt) works over TLS"
                + " 1.2 only, and sslVersionMin/sslVersionMax (or sslVersion) allow " + range.min().protocolName()
                + (range.min() == range.max() ? "" : " to " + range.max().protocolName()) + " only");
        }
        if (service.tlsOptions().excludes(TlsVersion.TLSV1_2)) {
            throw new KeyMaterialException("PSKsecrets needs TLS 1.2: jtunnel's TLS-PSK (Conscrypt) works over TLS"
                + " 1.2 only, and options = NO_TLSv1_2 excludes it");
        }
        if (range.min() != range.max()) {
            log.log(LogLevel.INFO, "Service [" + service.name() + "]: PSKsecrets: TLS 1.2 only (Conscrypt has no"
                + " TLS 1.3 PSK)");
        }
        return new TlsProtocols(TlsVersion.TLSV1_2, TlsVersion.TLSV1_2);
    }

    /**
     * The TLS 1.2 suites: the {@code ciphers} names, else the PSK suites, then (a server with a certificate) the
     * certificate suites, so that certificate-based clients are served too, as stunnel does.
     */
    static List<String> suites(ServiceConfig service, List<String> certificateSuites) throws KeyMaterialException {
        if (service.ciphers().ciphers().isPresent()) {
            String ciphers = service.ciphers().ciphers().get();
            try {
                return CipherNames.toJava(ciphers);
            } catch (KeyMaterialException e) {
                throw new KeyMaterialException("ciphers = " + ciphers + ": a PSKsecrets service runs on the conscrypt"
                    + " engine, which takes suite names only (e.g. ECDHE-PSK-CHACHA20-POLY1305:PSK-AES256-CBC-SHA),"
                    + " not OpenSSL's cipher-string syntax", e);
            }
        }
        List<String> suites = new ArrayList<>(SUITES);
        if (!service.client() && service.cert().isPresent()) {
            suites.addAll(certificateSuites);
        }
        return suites;
    }

    /** Fails when none of the suites the context ended up with is a PSK suite. */
    static void requirePskSuite(List<String> enabled, ServiceConfig service) throws KeyMaterialException {
        if (enabled.stream().noneMatch(suite -> suite.contains("_PSK_"))) {
            throw new KeyMaterialException("ciphers = " + service.ciphers().ciphers().orElse("") + ": no PSK cipher"
                + " suite the conscrypt engine supports (it has " + String.join(", ", SUITES) + ")");
        }
    }

    /** The key managers: the certificate's, when there is one, then the PSK one. */
    static KeyManagerFactory keyManagers(KeyMaterial identity, PskKeyManager psk) throws KeyMaterialException {
        List<KeyManager> managers = new ArrayList<>();
        if (identity != null) {
            try {
                char[] password = new char[0];
                KeyStore store = KeyStore.getInstance("JKS");
                store.load(null, null);
                store.setKeyEntry("key", identity.privateKey(), password,
                    identity.chain().toArray(new X509Certificate[0]));
                KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                factory.init(store, password);
                managers.addAll(List.of(factory.getKeyManagers()));
            } catch (GeneralSecurityException | java.io.IOException e) {
                throw new KeyMaterialException("Failed to initialize TLS context: " + e.getMessage(), e);
            }
        }
        managers.add(psk);
        KeyManager[] all = managers.toArray(new KeyManager[0]);
        return new SimpleKeyManagerFactory() {
            @Override
            protected void engineInit(KeyStore keyStore, char[] password) {
            }

            @Override
            protected void engineInit(ManagerFactoryParameters parameters) {
            }

            @Override
            protected KeyManager[] engineGetKeyManagers() {
                return all.clone();
            }
        };
    }
}
