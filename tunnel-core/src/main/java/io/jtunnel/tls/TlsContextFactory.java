package io.jtunnel.tls;

import io.jtunnel.config.PeerVerification;
import io.jtunnel.config.ServiceConfig;
import io.jtunnel.config.TlsDefaults;
import io.jtunnel.config.TlsProtocols;
import io.jtunnel.config.TlsVersion;
import io.jtunnel.log.LogLevel;
import io.jtunnel.log.LogSink;
import io.netty.handler.ssl.ClientAuth;
import io.jtunnel.config.CipherSettings;
import io.netty.handler.ssl.OpenSslContextOption;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLException;

/**
 * Builds a service's TLS context: its key and chain (optional for a client), TLS 1.2 and 1.3 (older versions only
 * when {@code sslVersionMin} asks, with the openssl engine, and a warning), jtunnel's cipher list, and stunnel's
 * peer-certificate semantics through {@link PeerCertificateVerifier}: in server mode request / require / verify the
 * client's certificate, in client mode verify the server's only when told to (stunnel's default, with a warning),
 * checking the peer's leaf against {@code CRLfile}/{@code CRLpath} when set.
 */
public final class TlsContextFactory {
    private final TlsEngine engine;
    private final KeyMaterialLoader keys;
    private final TrustMaterialLoader trust;
    private final CrlLoader crls;

    public TlsContextFactory(TlsEngine engine, LogSink log, PassphraseSource passphrases) {
        this.engine = engine;
        this.keys = new KeyMaterialLoader(log, passphrases);
        this.trust = new TrustMaterialLoader(log);
        this.crls = new CrlLoader(log);
    }

    public ServiceTls create(ServiceConfig service, LogSink log) throws KeyMaterialException {
        TlsEngine engine = this.engine;
        CipherSettings ciphers = service.ciphers();
        boolean psk = service.psk().isPresent();
        if (psk) {
            engine = PskTls.engine(engine, service, log);
        } else if (ciphers.restrictsTls13() && !engine.honoursTls13Suites()) {
            log.log(LogLevel.NOTICE, "Service [" + service.name() + "]: ciphersuites restricts the TLS 1.3 suites,"
                + " which the " + engine.name() + " engine cannot do: this service uses the jdk engine");
            engine = new JdkTlsEngine();
        }
        if (!psk && service.ocsp().enabled() && service.verification().verifies() && !engine.delegatesVerification()) {
            log.log(LogLevel.NOTICE, "Service [" + service.name() + "]: OCSP checks would block the " + engine.name()
                + " engine's event loop (it has no delegated tasks): this service uses the jdk engine");
            engine = new JdkTlsEngine();
        }
        SecurityLevelRules strength = new SecurityLevelRules(service.securityLevel());
        log.log(LogLevel.INFO, service.securityLevel().logLine());
        KeyMaterial identity = null;
        if (service.cert().isPresent()) {
            String certFile = service.cert().get();
            identity = keys.load(certFile, service.keyFile().orElse(certFile));
            String weak = strength.ownChainProblem(identity.chain()).orElse(null);
            if (weak != null) {
                throw new KeyMaterialException("Failed to initialize TLS context: " + certFile + ": " + weak);
            }
        } else if (!service.client() && !psk) {
            throw new KeyMaterialException("TLS server needs a certificate");
        }
        PeerVerification flags = service.verification();
        List<X509Certificate> trusted = trust.load(service.caFile(), service.caPath());
        if (flags.verifies() && trusted.isEmpty()) {
            // as stunnel: a CA file or directory with no certificate cannot verify anyone
            throw new KeyMaterialException("No trusted certificates found");
        }
        // stunnel's init_crl: loaded (and a bad file fatal) even when nothing is verified, used only when verifying
        CrlCheck crlCheck = crls.load(service.crlFile(), service.crlPath());
        TlsProtocols protocols = psk ? PskTls.protocols(service, log) : service.protocols();
        List<String> suites = new ArrayList<>();
        boolean expand = ciphers.ciphers().isPresent() && engine.expandsCipherStrings();
        if (psk) {
            suites.addAll(PskTls.suites(service, TlsDefaults.IANA_TLS12_SUITES));
        } else if (ciphers.ciphers().isPresent() && !expand) {
            suites.addAll(CipherNames.toJava(ciphers.ciphers().get()));
        } else {
            suites.addAll(TlsDefaults.IANA_TLS12_SUITES); // replaced after the build when the engine expands
        }
        if (protocols.min() == TlsVersion.SSLV3) {
            throw new KeyMaterialException("SSLv3 is not available in jtunnel's TLS engines (it is broken: POODLE)");
        }
        if (protocols.allowsLegacy()) {
            if (!engine.supportsLegacyProtocols()) {
                throw new KeyMaterialException(protocols.min().protocolName() + " (sslVersionMin/sslVersion) needs"
                    + " the openssl TLS engine; the " + engine.name() + " engine offers TLS 1.2 and 1.3 only");
            }
            if (ciphers.ciphers().isEmpty()) {
                suites.addAll(TlsDefaults.LEGACY_IANA_SUITES);
            }
            log.log(LogLevel.WARNING, "Service [" + service.name() + "]: " + String.join(", ",
                protocols.enabled()) + " enabled: TLS 1.0 and 1.1 are deprecated (RFC 8996) and weak; allow them only"
                + " for clients that cannot do TLS 1.2");
        }
        for (String suite : ciphers.ciphersuites().orElse(CipherSettings.ALL_TLS13_SUITES)) {
            if (!CipherSettings.ALL_TLS13_SUITES.contains(suite)) {
                throw new KeyMaterialException("ciphersuites: \"" + suite + "\" is not a TLS 1.3 suite (expected: "
                    + String.join(", ", CipherSettings.ALL_TLS13_SUITES) + ")");
            }
            suites.add(suite);
        }
        if (strength.excludesTls13Suites() && protocols.max() == TlsVersion.TLSV1_3 && !engine.honoursTls13Suites()) {
            throw new KeyMaterialException("securityLevel " + service.securityLevel().level() + " excludes"
                + " TLS_AES_128_GCM_SHA256, which the " + engine.name() + " engine cannot leave out of TLS 1.3: set"
                + " sslVersionMax = TLSv1.2 or a lower securityLevel");
        }
        List<String> levelSuites = strength.allowedSuites(suites);
        if (!levelSuites.equals(suites) && !expand) {
            suites.retainAll(levelSuites);
            if (suites.isEmpty()) {
                throw new KeyMaterialException("no cipher suite is strong enough for security level "
                    + service.securityLevel().level());
            }
        }
        Optional<List<String>> groups = groups(ciphers.curves(), strength);
        if (groups.isPresent() && !engine.expandsCipherStrings()) {
            throw new KeyMaterialException((ciphers.curves().isPresent() ? "curves" : "securityLevel "
                + service.securityLevel().level()) + " needs the openssl TLS engine; the " + engine.name()
                + " engine sets key-exchange groups only for the whole JVM");
        }
        OcspCheck ocspCheck = service.ocsp().enabled() ? new OcspCheck(service.ocsp(), trusted,
            service.timeouts().connectSeconds(), service.timeouts().busySeconds()) : OcspCheck.OFF;
        PeerCertificateVerifier verifier = new PeerCertificateVerifier(flags, service.subjectChecks(), trusted,
            crlCheck, ocspCheck, strength);
        SslContextBuilder builder;
        PskKeyManager pskKeys = psk ? new PskKeyManager(service.psk().get()) : null;
        if (service.client()) {
            builder = SslContextBuilder.forClient()
                .trustManager(verifier)
                // stunnel checks the server's name only through checkHost/checkIP, never by default
                .endpointIdentificationAlgorithm(null);
            if (psk) {
                builder.keyManager(PskTls.keyManagers(identity, pskKeys));
            } else if (identity != null) {
                builder.keyManager(identity.privateKey(), identity.chain().toArray(new X509Certificate[0]));
            }
        } else {
            boolean redirect = !service.redirect().isEmpty();
            builder = (psk ? SslContextBuilder.forServer(PskTls.keyManagers(identity, pskKeys))
                : SslContextBuilder.forServer(identity.privateKey(), identity.chain().toArray(new X509Certificate[0])))
                // with redirect, stunnel asks for a certificate but lets clients without one through, to redirect them
                .clientAuth(redirect ? ClientAuth.OPTIONAL : clientAuth(flags));
            if (redirect) {
                builder.trustManager(verifier.collectingOnly());
            } else if (flags.request()) {
                builder.trustManager(verifier);
            }
            log.log(LogLevel.INFO, flags.require() ? "Peer certificate required" : flags.request()
                ? "Peer certificate requested, not required" : "Peer certificate not requested");
        }
        java.util.concurrent.Executor verificationTasks = null;
        if (verifier.blocks()) {
            engine.delegateVerification(builder);
            verificationTasks = VerificationTasks.shared();
        }
        // the key store Netty builds from key and chain lives in memory only; JKS skips PKCS#12's PBKDF2 at start-up
        builder.keyStoreType("JKS");
        groups.ifPresent(curves -> builder.option(OpenSslContextOption.GROUPS, curves.toArray(new String[0])));
        List<String> enabled = protocols.enabled().stream()
            .filter(name -> !service.tlsOptions().excludes(versionNamed(name))).toList();
        if (enabled.isEmpty()) {
            throw new KeyMaterialException("options exclude every TLS version from " + protocols.min().protocolName()
                + " to " + protocols.max().protocolName());
        }
        builder.protocols(enabled)
            .ciphers(suites, SupportedCipherSuiteFilter.INSTANCE)
            // stunnel's 0 means unlimited; Netty would read 0 as "its default"
            .sessionCacheSize(service.sessions().cacheSize() == 0 ? Integer.MAX_VALUE : service.sessions().cacheSize())
            .sessionTimeout(service.sessions().timeoutSeconds());
        try {
            SslContext context;
            try {
                context = engine.configure(builder).build();
            } catch (SSLException | RuntimeException e) {
                if (ciphers.curves().isPresent()) {
                    throw new KeyMaterialException("Invalid groups list in 'curves': " + e.getMessage(), e);
                }
                throw e;
            }
            if (psk) {
                PskTls.requirePskSuite(context.cipherSuites(), service);
            }
            if (expand) {
                engine.applyCipherString(context, withoutSecurityLevel(ciphers.ciphers().get(), service, log)
                    + strength.cipherStringExclusions());
            }
            boolean resume = service.sessions().resume() || service.client();
            if (!service.client()) {
                engine.configureSessions(context, service.sessions());
                sessionIdContext(context, service.name());
            }
            log.log(LogLevel.INFO, "Session resumption " + (resume ? "enabled" : "disabled"));
            boolean tickets = resume && !service.tlsOptions().has("NO_TICKET") && strength.allowsTickets();
            if (!tickets && !service.client() && !engine.disablesTicketsPerConnection()) {
                throw new KeyMaterialException((strength.allowsTickets() ? "options = NO_TICKET"
                    : "securityLevel " + service.securityLevel().level() + " (no session tickets)")
                    + " needs the openssl TLS engine; the " + engine.name()
                    + " engine can turn tickets off only for the whole JVM");
            }
            boolean serverOrder = service.tlsOptions().has("CIPHER_SERVER_PREFERENCE");
            return new ServiceTls(context, engine, identity == null ? null : identity.leaf(), tickets,
                service.redirect().isEmpty() ? null : verifier,
                serverOrder, pskKeys, verifier, verificationTasks,
                !service.client() && engine.setCipherOrder(context, serverOrder));
        } catch (SSLException | RuntimeException e) {
            throw new KeyMaterialException("Failed to initialize TLS context: " + e.getMessage(), e);
        }
    }

    /**
     * The groups to set: {@code curves} less those below the security level, or, when {@code curves} is unset, the
     * strong enough of jtunnel's defaults once the level (4 and 5) excludes some of them; empty for the engine's default.
     */
    private static Optional<List<String>> groups(Optional<List<String>> curves, SecurityLevelRules strength)
        throws KeyMaterialException {
        if (curves.isEmpty()) {
            List<String> defaults = List.of(TlsDefaults.CURVES.split(":"));
            if (strength.allowedGroups(defaults).equals(defaults)) {
                return Optional.empty();
            }
        }
        // past jtunnel's defaults, the NIST curves strong enough for levels 4 and 5
        List<String> wanted = curves.orElse(List.of("P-384", "P-521"));
        List<String> allowed = strength.allowedGroups(wanted);
        if (allowed.isEmpty()) {
            throw new KeyMaterialException("Invalid groups list in 'curves': none of " + String.join(":", wanted)
                + " is strong enough for security level " + strength.level().level());
        }
        return Optional.of(allowed);
    }

    /**
     * stunnel's session id context is the service's name; Netty gives every OpenSSL context the same one. With it
     * a session or ticket of one service is never resumed by another whose checks may be stricter: an SNI virtual
     * service that requires a client certificate, or any service sharing {@code ticketKeySecret} with another.
     * A hash of the name, so that it fits the 32 bytes and stays the same across instances.
     */
    private static void sessionIdContext(SslContext context, String serviceName) {
        if (context.sessionContext() instanceof io.netty.handler.ssl.OpenSslServerSessionContext openSsl) {
            try {
                openSsl.setSessionIdContext(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(serviceName.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e); // every JDK has SHA-256
            }
        }
    }

    private static TlsVersion versionNamed(String name) {
        for (TlsVersion version : TlsVersion.values()) {
            if (version.protocolName().equals(name)) {
                return version;
            }
        }
        throw new IllegalArgumentException(name);
    }

    /** BoringSSL has no security levels: "@SECLEVEL=n" is dropped, with a notice. */
    private static String withoutSecurityLevel(String ciphers, ServiceConfig service, LogSink log) {
        String stripped = ciphers.replaceAll(":?@SECLEVEL=\\d+", "");
        if (!stripped.equals(ciphers)) {
            log.log(LogLevel.NOTICE, "Service [" + service.name() + "]: @SECLEVEL in ciphers is ignored (BoringSSL has"
                + " no security levels; jtunnel's defaults already exclude weak keys and suites)");
        }
        return stripped;
    }

    private static ClientAuth clientAuth(PeerVerification flags) {
        if (!flags.request()) {
            return ClientAuth.NONE;
        }
        return flags.require() ? ClientAuth.REQUIRE : ClientAuth.OPTIONAL;
    }
}
