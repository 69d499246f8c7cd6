package io.jtunnel.app;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code openssl s_client -connect 127.0.0.1:PORT -quiet} as the cloud ICAP client: sends a request on stdin and
 * collects what comes back until a complete ICAP response head arrived, s_client exited (a failed handshake), or
 * the timeout; s_client is stopped in every case.
 */
final class OpensslClient {
    /** What one s_client run produced. */
    record Result(String stdout, String stderr, boolean exitedByItself) {
        boolean gotIcapAnswer() {
            return stdout.startsWith("ICAP/1.0 ");
        }
    }

    private final Path workDir;
    private Path cert;
    private Path key;
    private String protocol;

    OpensslClient(Path workDir) {
        this.workDir = workDir;
    }

    OpensslClient withCertificate(Path certFile, Path keyFile) {
        this.cert = certFile;
        this.key = keyFile;
        return this;
    }

    /** {@code "1.2"} or {@code "1.3"}, or null for openssl's default. */
    OpensslClient tls(String version) {
        this.protocol = version;
        return this;
    }

    Result send(int port, byte[] request, Duration timeout) {
        List<String> command = new ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port,
            "-quiet")); // -quiet implies -ign_eof: s_client keeps reading after stdin ends
        if (cert != null) {
            command.addAll(List.of("-cert", cert.toString(), "-key", key.toString()));
        }
        if (protocol != null) {
            command.add(protocol.equals("1.2") ? "-tls1_2" : "-tls1_3");
        }
        Path stderr;
        try {
            stderr = Files.createTempFile(workDir, "s_client-", ".stderr");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
            .redirectError(stderr.toFile());
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> copy(process.getInputStream(), received), "s_client-stdout");
        reader.setDaemon(true);
        reader.start();
        try {
            try (OutputStream stdin = process.getOutputStream()) {
                stdin.write(request);
                stdin.flush();
            } catch (IOException broken) {
                // s_client already gave up (handshake refused): its output says why
            }
            Processes.await(() -> !process.isAlive() || text(received).contains("\r\n\r\n"), timeout);
            boolean exited = !process.isAlive();
            Processes.kill(process);
            reader.join(5000);
            return new Result(text(received), Processes.read(stderr), exited);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            Processes.kill(process);
        }
    }

    private static String text(ByteArrayOutputStream bytes) {
        synchronized (bytes) {
            return bytes.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        byte[] buffer = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                synchronized (out) {
                    out.write(buffer, 0, n);
                }
            }
        } catch (IOException ignored) {
            // s_client was stopped
        }
    }
}
