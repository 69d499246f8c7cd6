package io.jtunnel.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGHUP reloads the configuration while clients keep connecting: no connection fails, new connections reach the
 * upstream of the new configuration, one opened before keeps its upstream, and a broken configuration leaves the
 * running one serving with "Failed to reload the configuration file" in the log.
 */
@Timeout(120)
class ServerReloadsUnderLoadIT {
    @TempDir
    Path dir;

    @Test
    void reload_under_load_drops_no_connection_and_a_broken_file_keeps_the_running_configuration()
        throws Exception {
        Pki pki = Pki.create(dir);
        try (NamedUpstream a = new NamedUpstream("A"); NamedUpstream b = new NamedUpstream("B")) {
            int port = FreePorts.next();
            Path conf = dir.resolve("stunnel.conf");
            Files.writeString(conf, Configs.seed(pki, port, a.port()));
            try (JtunnelProcess jtunnel = JtunnelProcess.start(dir, conf.toString()).awaitListening();
                 Client longLived = new Client(port)) {
                assertThat(longLived.ask()).isEqualTo("A");

                AtomicBoolean running = new AtomicBoolean(true);
                AtomicInteger failures = new AtomicInteger();
                List<String> failureTexts = new ArrayList<>();
                ConcurrentHashMap<String, AtomicInteger> answers = new ConcurrentHashMap<>();
                List<Thread> load = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    Thread thread = new Thread(() -> {
                        while (running.get()) {
                            try (Client client = new Client(port)) {
                                answers.computeIfAbsent(client.ask(), k -> new AtomicInteger()).incrementAndGet();
                            } catch (Exception e) {
                                failures.incrementAndGet();
                                synchronized (failureTexts) {
                                    failureTexts.add(e.toString());
                                }
                            }
                        }
                    }, "load-" + i);
                    thread.start();
                    load.add(thread);
                }
                Thread.sleep(1000);
                int mark = jtunnel.logMark();
                Files.writeString(conf, Configs.seed(pki, port, b.port()));
                jtunnel.signal("HUP");
                jtunnel.awaitLogSince(mark, "Configuration successful", Duration.ofSeconds(20));
                Thread.sleep(1000);

                mark = jtunnel.logMark();
                Files.writeString(conf, Configs.seed(pki, port, b.port(), "TIMEOUTclose = soon"));
                jtunnel.signal("HUP");
                String log = jtunnel.awaitLogSince(mark, "Failed to reload the configuration file",
                    Duration.ofSeconds(20));
                assertThat(log).contains("\"TIMEOUTclose = soon\": Illegal close timeout");
                Thread.sleep(1000);
                running.set(false);
                for (Thread thread : load) {
                    thread.join(20_000);
                }

                assertThat(failures.get()).as("failed connections: %s", failureTexts).isZero();
                assertThat(answers.keySet()).containsExactlyInAnyOrder("A", "B");
                assertThat(answers.get("B").get()).isPositive();
                assertThat(longLived.ask()).as("opened before the reload").isEqualTo("A");
                try (Client afterBrokenReload = new Client(port)) {
                    assertThat(afterBrokenReload.ask()).as("the last good configuration runs").isEqualTo("B");
                }
                assertThat(jtunnel.isAlive()).isTrue();
            }
        }
    }

    /** A TLS client that asks one question per call: which upstream answers. */
    private static final class Client implements AutoCloseable {
        private final SSLSocket socket;

        Client(int port) throws Exception {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new TrustAll()}, new SecureRandom());
            socket = (SSLSocket) context.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), port);
            socket.setSoTimeout(10_000);
            socket.startHandshake();
        }

        String ask() throws IOException {
            socket.getOutputStream().write(Icap.options());
            socket.getOutputStream().flush();
            int b = socket.getInputStream().read();
            if (b < 0) {
                throw new IOException("closed without an answer");
            }
            return String.valueOf((char) b);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static final class TrustAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    /** Answers each request it reads with its one-letter name. */
    private static final class NamedUpstream implements AutoCloseable {
        private final ServerSocket server;

        NamedUpstream(String name) throws IOException {
            server = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
            Thread acceptor = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket socket = server.accept();
                        Thread worker = new Thread(() -> serve(socket, name));
                        worker.setDaemon(true);
                        worker.start();
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
        }

        private static void serve(Socket socket, String name) {
            try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
                byte[] buffer = new byte[4096];
                while (in.read(buffer) > 0) {
                    out.write(name.getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
            } catch (IOException ignored) {
                // the client went away
            }
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
