package io.jtunnel.tls;

import io.jtunnel.config.PskSecrets;
import io.jtunnel.config.PskSettings;
import io.jtunnel.log.LogLevel;
import io.jtunnel.log.LogSink;
import java.lang.ref.WeakReference;
import java.net.Socket;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;

/**
 * stunnel's PSK callbacks for Conscrypt, the only engine here with TLS-PSK (TLS 1.2): a server looks up the identity
 * the client names, a client presents its selected identity. Each lookup is logged on its connection's log, with
 * stunnel's lines; keys are never logged.
 */
@SuppressWarnings("deprecation") // org.conscrypt.PSKKeyManager is Conscrypt's only PSK interface
public final class PskKeyManager implements org.conscrypt.PSKKeyManager {
    /** What a server returns for an unknown identity: Conscrypt reads a null encoding as "no key", failing the handshake. */
    private static final SecretKey NO_KEY = new SecretKey() {
        @Override
        public String getAlgorithm() {
            return "RAW";
        }

        @Override
        public String getFormat() {
            return "RAW";
        }

        @Override
        public byte[] getEncoded() {
            return null;
        }
    };

    private final PskSettings settings;
    // keyed by the engine's session object, which Conscrypt's engine and the wrapper Netty holds share; the log is
    // held weakly so that an entry never keeps its connection alive
    private final Map<SSLSession, WeakReference<LogSink>> logs = Collections.synchronizedMap(new WeakHashMap<>());

    PskKeyManager(PskSettings settings) {
        this.settings = settings;
    }

    /** Sends what the PSK callbacks say about {@code engine}'s handshake to its connection's log. */
    public void bind(SSLEngine engine, LogSink log) {
        logs.put(engine.getSession(), new WeakReference<>(log));
    }

    private LogSink log(SSLEngine engine) {
        if (engine == null) {
            return LogSink.discard();
        }
        WeakReference<LogSink> log = logs.get(engine.getSession());
        LogSink sink = log == null ? null : log.get();
        return sink == null ? LogSink.discard() : sink;
    }

    @Override
    public String chooseServerKeyIdentityHint(Socket socket) {
        return null; // stunnel sends no identity hint
    }

    @Override
    public String chooseServerKeyIdentityHint(SSLEngine engine) {
        return null;
    }

    @Override
    public String chooseClientKeyIdentity(String identityHint, Socket socket) {
        return settings.clientKey().map(PskSecrets.Key::identity).orElse(null);
    }

    @Override
    public String chooseClientKeyIdentity(String identityHint, SSLEngine engine) {
        return chooseClientKeyIdentity(identityHint, (Socket) null);
    }

    @Override
    public SecretKey getKey(String identityHint, String identity, Socket socket) {
        return key(identity, true, LogSink.discard());
    }

    @Override
    public SecretKey getKey(String identityHint, String identity, SSLEngine engine) {
        return key(identity, engine.getUseClientMode(), log(engine));
    }

    private SecretKey key(String identity, boolean client, LogSink log) {
        if (client) {
            Optional<PskSecrets.Key> selected = settings.clientKey();
            if (selected.isEmpty()) {
                log.log(LogLevel.ERR, "INTERNAL ERROR: No PSK identity selected");
                return NO_KEY;
            }
            log.log(LogLevel.INFO, "PSK client configured for identity \"" + selected.get().identity() + "\"");
            return new SecretKeySpec(selected.get().secret(), "RAW");
        }
        Optional<PskSecrets.Key> found = settings.secrets().find(identity);
        if (found.isEmpty()) {
            log.log(LogLevel.INFO, "PSK identity not found (session resumption?)");
            return NO_KEY;
        }
        log.log(LogLevel.NOTICE, "Key configured for PSK identity \"" + identity + "\"");
        return new SecretKeySpec(found.get().secret(), "RAW");
    }
}
