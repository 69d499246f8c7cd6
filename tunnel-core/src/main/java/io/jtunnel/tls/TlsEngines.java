package io.jtunnel.tls;

import io.jtunnel.log.LogLevel;
import io.jtunnel.log.LogSink;
import io.netty.handler.ssl.OpenSsl;
import java.util.List;
import java.util.Locale;

/** Picks the TLS engine: the native BoringSSL engine when it loads, else the JDK's; or the one asked for. */
public final class TlsEngines {
    public static final String AUTO = "auto";
    public static final List<String> CHOICES = List.of(AUTO, "openssl", "conscrypt", "jdk");

    private TlsEngines() {
    }

    /**
     * @param choice one of {@link #CHOICES}
     * @throws KeyMaterialException when the engine asked for cannot load on this machine
     */
    public static TlsEngine select(String choice, LogSink log) throws KeyMaterialException {
        String wanted = choice.toLowerCase(Locale.ROOT);
        switch (wanted) {
            case AUTO:
                if (TcnativeTlsEngine.available()) {
                    return new TcnativeTlsEngine(log);
                }
                log.log(LogLevel.NOTICE, "TLS engine openssl (netty-tcnative) is not available ("
                    + OpenSsl.unavailabilityCause() + "); using the JDK's TLS engine");
                return new JdkTlsEngine();
            case "openssl":
                if (!TcnativeTlsEngine.available()) {
                    throw new KeyMaterialException("TLS engine openssl (netty-tcnative BoringSSL) cannot load on this"
                        + " machine: " + OpenSsl.unavailabilityCause());
                }
                return new TcnativeTlsEngine(log);
            case "conscrypt":
                if (!ConscryptTlsEngine.available()) {
                    throw new KeyMaterialException("TLS engine conscrypt cannot load on this machine");
                }
                return new ConscryptTlsEngine();
            case "jdk":
                return new JdkTlsEngine();
            default:
                throw new KeyMaterialException("Unknown TLS engine \"" + choice + "\" (expected one of "
                    + String.join(", ", CHOICES) + ")");
        }
    }
}
