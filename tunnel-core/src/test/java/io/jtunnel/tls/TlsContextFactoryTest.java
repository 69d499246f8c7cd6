package io.jtunnel.tls;

import io.jtunnel.log.RecordingLogSink;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jtunnel.certs.CertificateBuilder;
import io.jtunnel.certs.CertificateBundle;
import io.jtunnel.certs.KeyType;
import io.jtunnel.config.ConfigParser;
import io.jtunnel.config.ServiceConfig;
import io.jtunnel.log.LogSink;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link TlsContextFactory} on every engine: a server context whose client-auth mode follows stunnel's flags. */
class TlsContextFactoryTest {
    private static final CertificateBundle SERVER = new CertificateBuilder().subject("CN=server")
        .keyType(KeyType.EC_P256).serverAuth().dnsName("localhost").issuer(TestChains.ROOT).build();

    @TempDir
    Path dir;

    private Path serverPem;
    private Path caPem;
    private final RecordingLogSink log = new RecordingLogSink();

    @BeforeEach
    void writeFiles() throws Exception {
        serverPem = dir.resolve("server.pem");
        SERVER.writeCombined(serverPem, true);
        caPem = dir.resolve("ca.pem");
        TestChains.ROOT.writeCertificate(caPem);
    }

    private ServiceConfig service(String lines) throws Exception {
        Path file = dir.resolve("stunnel.conf");
        Files.writeString(file, "[svc]\naccept = 127.0.0.1:0\nconnect = 127.0.0.1:1\n" + lines,
            StandardCharsets.UTF_8);
        return new ConfigParser(LogSink.discard()).parse(file).services().get(0);
    }

    private ServiceTls create(String engine, String lines) throws Exception {
        return new TlsContextFactory(TlsEngines.select(engine, LogSink.discard()), log, PassphraseSource.none())
            .create(service(lines), log);
    }

    private static SSLEngine engineOf(ServiceTls tls) {
        return tls.context().newEngine(ByteBufAllocator.DEFAULT);
    }

    private static void release(SSLEngine engine) {
        ReferenceCountUtil.release(engine);
    }

    @ParameterizedTest
    @ValueSource(strings = {"openssl", "jdk", "conscrypt"})
    void builds_a_server_context_that_does_not_ask_for_a_client_certificate_by_default(String engineName)
        throws Exception {
        ServiceTls tls = create(engineName, "cert = " + serverPem + "\n");

        assertThat(tls.context().isServer()).isTrue();
        assertThat(tls.engine().name()).isEqualTo(engineName);
        assertThat(tls.leafCertificate()).isEqualTo(SERVER.certificate());
        SSLEngine engine = engineOf(tls);
        try {
            assertThat(engine.getUseClientMode()).isFalse();
            assertThat(engine.getNeedClientAuth()).isFalse();
            assertThat(engine.getWantClientAuth()).isFalse();
            // tcnative also lists the SSLv2Hello pseudo-protocol; no real protocol below TLS 1.2 may be enabled
            assertThat(engine.getEnabledProtocols()).contains("TLSv1.2", "TLSv1.3")
                .doesNotContain("TLSv1", "TLSv1.1", "SSLv3");
        } finally {
            release(engine);
        }
        assertThat(log.lines()).contains("INFO Peer certificate not requested");
    }

    @ParameterizedTest
    @ValueSource(strings = {"openssl", "jdk", "conscrypt"})
    void cafile_alone_does_not_request_a_client_certificate(String engineName) throws Exception {
        SSLEngine engine = engineOf(create(engineName, "cert = " + serverPem + "\nCAfile = " + caPem + "\n"));
        try {
            assertThat(engine.getNeedClientAuth()).isFalse();
            assertThat(engine.getWantClientAuth()).isFalse();
        } finally {
            release(engine);
        }
        assertThat(log.lines()).contains("INFO Configured trusted client CA: O=jtunnel, CN=Test Root");
    }

    @ParameterizedTest
    @ValueSource(strings = {"openssl", "jdk", "conscrypt"})
    void verify_chain_requires_a_client_certificate(String engineName) throws Exception {
        SSLEngine engine = engineOf(create(engineName,
            "cert = " + serverPem + "\nCAfile = " + caPem + "\nverifyChain = yes\n"));
        try {
            assertThat(engine.getNeedClientAuth()).isTrue();
        } finally {
            release(engine);
        }
        assertThat(log.lines()).contains("INFO Peer certificate required");
    }

    @ParameterizedTest
    @ValueSource(strings = {"openssl", "jdk", "conscrypt"})
    void verify_level_1_only_wants_a_client_certificate(String engineName) throws Exception {
        SSLEngine engine = engineOf(create(engineName, "cert = " + serverPem + "\nCAfile = " + caPem
            + "\nverify = 1\n"));
        try {
            assertThat(engine.getWantClientAuth()).isTrue();
            assertThat(engine.getNeedClientAuth()).isFalse();
        } finally {
            release(engine);
        }
        assertThat(log.lines()).contains("INFO Peer certificate requested, not required");
    }

    @ParameterizedTest
    @ValueSource(strings = {"openssl", "jdk"})
    void verify_chain_then_require_cert_no_verifies_if_offered_but_allows_anonymous_clients(String engineName)
        throws Exception {
        SSLEngine engine = engineOf(create(engineName, "cert = " + serverPem + "\nCAfile = " + caPem
            + "\nverifyChain = yes\nrequireCert = no\n"));
        try {
            assertThat(engine.getWantClientAuth()).isTrue();
            assertThat(engine.getNeedClientAuth()).isFalse();
        } finally {
            release(engine);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"openssl", "jdk"})
    void require_cert_alone_requires_a_certificate_without_any_ca(String engineName) throws Exception {
        SSLEngine engine = engineOf(create(engineName, "cert = " + serverPem + "\nrequireCert = yes\n"));
        try {
            assertThat(engine.getNeedClientAuth()).isTrue();
        } finally {
            release(engine);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"openssl", "jdk"})
    void reads_the_key_from_the_key_option(String engineName) throws Exception {
        Path certOnly = dir.resolve("cert-only.pem");
        SERVER.writeCertificate(certOnly);
        Path key = dir.resolve("server.key");
        SERVER.writePrivateKey(key);

        ServiceTls tls = create(engineName, "cert = " + certOnly + "\nkey = " + key + "\n");

        assertThat(tls.leafCertificate()).isEqualTo(SERVER.certificate());
        assertThat(log.lines()).contains("INFO Loading private key from file: " + key);
    }

    @ParameterizedTest
    @ValueSource(strings = {"openssl", "jdk"})
    void a_bad_key_is_a_key_material_exception(String engineName) throws Exception {
        Path certOnly = dir.resolve("cert-only.pem");
        SERVER.writeCertificate(certOnly);
        Path otherKey = dir.resolve("other.key");
        TestChains.LEAF.writePrivateKey(otherKey);

        assertThatThrownBy(() -> create(engineName, "cert = " + certOnly + "\nkey = " + otherKey + "\n"))
            .isInstanceOf(KeyMaterialException.class)
            .hasMessageContaining(otherKey.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"openssl", "jdk"})
    void server_handler_has_the_handshake_timeout(String engineName) throws Exception {
        SslHandler handler = create(engineName, "cert = " + serverPem + "\n")
            .newServerHandler(ByteBufAllocator.DEFAULT, 7_000);
        try {
            assertThat(handler.getHandshakeTimeoutMillis()).isEqualTo(7_000);
            assertThat(handler.engine().getUseClientMode()).isFalse();
        } finally {
            release(handler.engine());
        }
    }

    /**
     * verify.c verify_init: when CAfile/CApath yield no certificate, init_ca logs "No trusted certificates found"
     * (LOG_ERR) and, with verifyChain or verifyPeer, the service's TLS initialization fails.
     */
    @ParameterizedTest
    @ValueSource(strings = {"openssl"})
    void verify_chain_with_an_empty_capath_fails_as_stunnel_does(String engineName) throws Exception {
        Path empty = Files.createDirectory(dir.resolve("empty-capath"));

        assertThatThrownBy(() -> create(engineName, "cert = " + serverPem + "\nCApath = " + empty
            + "\nverifyChain = yes\n")).isInstanceOf(KeyMaterialException.class);
    }
}
