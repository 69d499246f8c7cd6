package io.jtunnel.relay;

import io.jtunnel.config.ConfigParser;
import io.jtunnel.config.TunnelConfig;
import io.jtunnel.log.LogSink;
import io.jtunnel.runtime.PreparedService;
import io.jtunnel.runtime.ServicePreparer;
import io.jtunnel.runtime.TunnelServer;
import io.jtunnel.tls.PassphraseSource;
import io.jtunnel.tls.TlsEngines;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A real tunnel in the test's JVM: the given service lines (no accept line: it listens on 127.0.0.1, port 0) parsed
 * from a real file, TLS loaded with the chosen engine, listening on loopback.
 */
final class TunnelUnderTest implements AutoCloseable {
    private final TunnelServer server;
    private final int port;

    private final Path dir;
    private final String engine;
    private final io.jtunnel.log.RecordingLogSink startup = new io.jtunnel.log.RecordingLogSink();

    TunnelUnderTest(Path dir, String engine, String serviceLines) throws Exception {
        this(dir, engine, serviceLines, 2);
    }

    /** @param threads event loop threads (1: every connection shares one loop) */
    TunnelUnderTest(Path dir, String engine, String serviceLines, int threads) throws Exception {
        this(dir, engine, "debug = debug\n[svc]\naccept = 127.0.0.1:0\n" + serviceLines, true, threads);
    }

    private TunnelUnderTest(Path dir, String engine, String configText, boolean listening, int threads)
        throws Exception {
        this.dir = dir;
        this.engine = engine;
        server = new TunnelServer(Transport.best(), threads);
        server.apply(prepare(configText), LogSink.discard());
        port = listening ? server.boundAddresses("svc").get(0).getPort() : -1;
    }

    /** A tunnel from a whole configuration text, e.g. an exec+connect section, which has no listener. */
    static TunnelUnderTest ofConfig(Path dir, String engine, String configText) throws Exception {
        return new TunnelUnderTest(dir, engine, configText, false, 2);
    }

    /** A reload: the whole configuration text (sections and their accept lines included) replaces the running one. */
    void reload(String configText) throws Exception {
        server.apply(prepare(configText), LogSink.discard());
    }

    /** What preparing the services logged (key loading, warnings), as {@code LEVEL text}. */
    List<String> startupLines() {
        return startup.lines();
    }

    List<java.net.InetSocketAddress> boundAddresses(String service) {
        return server.boundAddresses(service);
    }

    private List<PreparedService> prepare(String configText) throws Exception {
        Path file = dir.resolve("tunnel-" + System.nanoTime() + ".conf");
        Files.writeString(file, configText, StandardCharsets.UTF_8);
        TunnelConfig config = new ConfigParser(LogSink.discard()).parse(file);
        return new ServicePreparer(TlsEngines.select(engine, LogSink.discard()), PassphraseSource.none())
            .prepare(config, startup);
    }

    /** The service lines every test needs: the server's certificate and the upstream. */
    static String service(TestPki pki, int upstreamPort, String more) {
        return "cert = " + pki.serverPem + "\nconnect = 127.0.0.1:" + upstreamPort + "\n" + more;
    }

    int port() {
        return port;
    }

    /** Waits until no connection channel (client or upstream side) is open; false on timeout. */
    boolean awaitNoOpenChannels(java.time.Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (server.openChannels() > 0) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    /** SIGTERM's drain: stop accepting, wait for the open connections; returns those still open. */
    int drain(java.time.Duration limit, java.util.function.BooleanSupplier cancelled) {
        return server.drain(limit, cancelled);
    }

    @Override
    public void close() {
        server.close();
    }
}
