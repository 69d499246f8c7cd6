package io.jtunnel.app;

import io.jtunnel.certs.CertificateBuilder;
import io.jtunnel.certs.CertificateBundle;
import io.jtunnel.config.ConfigParser;
import io.jtunnel.config.TunnelConfig;
import io.jtunnel.log.LogSink;
import io.jtunnel.relay.Transport;
import io.jtunnel.runtime.ServicePreparer;
import io.jtunnel.runtime.TunnelServer;
import io.jtunnel.tls.PassphraseSource;
import io.jtunnel.tls.TlsEngine;
import io.jtunnel.tls.TlsEngines;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jtunnel selftest}: a whole tunnel on loopback, as the ICAP deployment runs it (mutual TLS with
 * {@code verifyChain}, a plain upstream), with throw-away certificates: proves after an install that the TLS engine
 * loads and bytes cross the tunnel both ways. The packages' launcher also runs it once to record the classes a start
 * loads (a class-data sharing archive, which shortens every later start).
 */
@Command(name = "selftest", sortOptions = false, mixinStandardHelpOptions = true,
    description = "Run a mutual-TLS tunnel on 127.0.0.1 with throw-away certificates and relay a message through it."
        + " Exit 0 when the message came back intact, 1 otherwise.")
final class SelfTestCommand implements Callable<Integer> {
    private static final byte[] MESSAGE = "OPTIONS icap://127.0.0.1/selftest ICAP/1.0\r\n\r\n"
        .getBytes(StandardCharsets.US_ASCII);
    private static final char[] STORE_PASSWORD = "selftest".toCharArray();

    @Spec
    CommandSpec spec;

    @Mixin
    EngineOption engine;

    @Option(names = "--write-cds-archive", description = "(read by the launcher: it records this run's classes in"
        + " lib/jtunnel.jsa)")
    boolean writeCdsArchive;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path dir = Files.createTempDirectory("jtunnel-selftest-"); // owner-only (0700) on POSIX
        try (ServerSocket upstream = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread echo = new Thread(() -> echoOnce(upstream), "selftest-upstream");
            echo.setDaemon(true);
            echo.start();
            CertificateBundle ca = new CertificateBuilder().subject("CN=jtunnel selftest CA").ca(true).build();
            CertificateBundle server = new CertificateBuilder().subject("CN=localhost").serverAuth()
                .dnsName("localhost").ipAddress("127.0.0.1").issuer(ca).build();
            CertificateBundle client = new CertificateBuilder().subject("CN=selftest client").clientAuth()
                .issuer(ca).build();
            Path serverPem = dir.resolve("server.pem");
            Path caPem = dir.resolve("ca.pem");
            server.writeCombined(serverPem, true);
            ca.writeCertificate(caPem);
            Path conf = dir.resolve("selftest.conf");
            Files.writeString(conf, "foreground = yes\npid =\n[selftest]\naccept = 127.0.0.1:0\nconnect = 127.0.0.1:"
                + upstream.getLocalPort() + "\ncert = " + serverPem + "\nCAfile = " + caPem + "\nverifyChain = yes\n");
            TunnelConfig config = new ConfigParser(LogSink.discard()).parse(conf);
            TlsEngine tls = TlsEngines.select(engine.engine, LogSink.discard());
            Transport transport = Transport.best();
            try (TunnelServer tunnel = new TunnelServer(transport, 1)) {
                tunnel.apply(new ServicePreparer(tls, PassphraseSource.none()).prepare(config, LogSink.discard()),
                    LogSink.discard());
                int port = tunnel.boundAddresses("selftest").get(0).getPort();
                long started = System.nanoTime();
                byte[] answer = exchange(port, client, ca);
                long micros = (System.nanoTime() - started) / 1000;
                if (!Arrays.equals(answer, MESSAGE)) {
                    err.println("jtunnel selftest: FAILED: the upstream's answer came back altered ("
                        + answer.length + " of " + MESSAGE.length + " bytes)");
                    return 1;
                }
                out.println("jtunnel selftest: passed: " + tls.name() + " engine on " + transport.name()
                    + ", mutual TLS handshake and " + MESSAGE.length + " bytes each way in " + micros / 1000 + " ms");
                return 0;
            }
        } catch (Exception e) {
            err.println("jtunnel selftest: FAILED: " + e);
            return 1;
        } finally {
            deleteTree(dir);
        }
    }

    /** A client with its certificate, as the cloud client connects: TLS 1.3, the message, then its echo. */
    private static byte[] exchange(int port, CertificateBundle client, CertificateBundle ca) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        java.util.List<X509Certificate> chain = new java.util.ArrayList<>();
        chain.add(client.certificate()); // the bundle's chain() holds the issuers only
        chain.addAll(client.chain());
        keys.setKeyEntry("client", client.keyPair().getPrivate(), STORE_PASSWORD,
            chain.toArray(new X509Certificate[0]));
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, STORE_PASSWORD);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", ca.certificate());
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        SSLContext context = SSLContext.getInstance("TLSv1.3");
        context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(MESSAGE);
            out.flush();
            InputStream in = socket.getInputStream();
            return in.readNBytes(MESSAGE.length);
        }
    }

    private static void echoOnce(ServerSocket upstream) {
        try (Socket socket = upstream.accept()) {
            socket.setSoTimeout(10_000);
            byte[] request = socket.getInputStream().readNBytes(MESSAGE.length);
            socket.getOutputStream().write(request);
            socket.getOutputStream().flush();
        } catch (IOException ignored) {
            // the client side reports what went wrong
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory left behind holds throw-away keys only
        }
    }
}
