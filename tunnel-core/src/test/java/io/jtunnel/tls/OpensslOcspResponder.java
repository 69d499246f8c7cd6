package io.jtunnel.tls;

import java.io.File;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real responder: {@code openssl ocsp -index} serving {@link OcspTestPki}'s index, signing with the delegated
 * responder certificate, on a free loopback port ({@code openssl ocsp} cannot take port 0, so one is picked first).
 */
public final class OpensslOcspResponder implements AutoCloseable {
    private final Process process;
    private final int port;

    public OpensslOcspResponder(OcspTestPki pki) throws Exception {
        port = freePort();
        Path log = pki.dir.resolve("openssl-ocsp-" + port + ".log");
        process = new ProcessBuilder("openssl", "ocsp", "-index", pki.index.toString(), "-port", String.valueOf(port),
            "-rsigner", pki.dir.resolve("responder.pem").toString(), "-rkey",
            pki.dir.resolve("responder.key").toString(), "-CA", pki.caPem.toString(), "-ndays", "1")
            .redirectErrorStream(true).redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        // it serves one connection at a time, so it is not probed: its own line says when it listens
        while (!java.nio.file.Files.readString(log).contains("waiting for OCSP client connections")) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroy();
                throw new IllegalStateException("openssl ocsp did not start: " + java.nio.file.Files.readString(log));
            }
            Thread.sleep(20);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + port + "/";
    }

    public int port() {
        return port;
    }

    static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        process.waitFor(10, TimeUnit.SECONDS);
    }
}
