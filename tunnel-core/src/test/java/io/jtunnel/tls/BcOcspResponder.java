package io.jtunnel.tls;

import com.sun.net.httpserver.HttpServer;
import io.jtunnel.certs.CertificateBundle;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.BasicOCSPRespBuilder;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.Req;
import org.bouncycastle.cert.ocsp.RespID;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A responder in the test's JVM, for the answers {@code openssl ocsp} cannot be made to give: no nonce, a wrong
 * signer, an out-of-date status, raw bytes. Answers over real HTTP on a loopback port; records the requests it got.
 */
public final class BcOcspResponder implements AutoCloseable {
    /** How one request is answered: the HTTP body, or null to answer with a 500. */
    @FunctionalInterface
    public interface Answer {
        byte[] answer(OCSPReq request) throws Exception;
    }

    private final HttpServer server;
    public final List<OCSPReq> requests = new CopyOnWriteArrayList<>();

    public BcOcspResponder(Answer answer) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.setExecutor(Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "bc-ocsp-responder");
            thread.setDaemon(true);
            return thread;
        }));
        server.createContext("/", exchange -> {
            try (exchange) {
                OCSPReq request = new OCSPReq(exchange.getRequestBody().readAllBytes());
                requests.add(request);
                byte[] body = answer.answer(request);
                if (body == null) {
                    exchange.sendResponseHeaders(500, -1);
                    return;
                }
                exchange.getResponseHeaders().add("Content-Type", "application/ocsp-response");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            } catch (Exception e) {
                throw new IOException(e);
            }
        });
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/ocsp";
    }

    /** A signed answer builder: statuses by serial (absent: good), signer, nonce echo and times. */
    public static final class Signed implements Answer {
        private final CertificateBundle signer;
        private final Map<BigInteger, CertificateStatus> statuses = new ConcurrentHashMap<>();
        private boolean echoNonce = true;
        private boolean includeSigner = true;
        private Instant thisUpdate = Instant.now().minus(Duration.ofMinutes(1));
        private Instant nextUpdate = Instant.now().plus(Duration.ofHours(1));
        private Function<byte[], byte[]> tamper = Function.identity();

        public Signed(CertificateBundle signer) {
            this.signer = signer;
        }

        public Signed revoked(CertificateBundle bundle) {
            statuses.put(bundle.certificate().getSerialNumber(), new RevokedStatus(
                Date.from(Instant.now().minus(Duration.ofHours(2))), CRLReason.keyCompromise));
            return this;
        }

        public Signed unknown(CertificateBundle bundle) {
            statuses.put(bundle.certificate().getSerialNumber(), new UnknownStatus());
            return this;
        }

        public Signed withoutNonce() {
            echoNonce = false;
            return this;
        }

        public Signed withoutSignerCertificate() {
            includeSigner = false;
            return this;
        }

        public Signed times(Instant thisUpdate, Instant nextUpdate) {
            this.thisUpdate = thisUpdate;
            this.nextUpdate = nextUpdate;
            return this;
        }

        /** Changes the DER of the signed response (to break its signature, say). */
        public Signed tamper(Function<byte[], byte[]> tamper) {
            this.tamper = tamper;
            return this;
        }

        @Override
        public byte[] answer(OCSPReq request) throws Exception {
            BasicOCSPRespBuilder builder = new BasicOCSPRespBuilder(new RespID(
                new JcaX509CertificateHolder(signer.certificate()).getSubject()));
            for (Req one : request.getRequestList()) {
                builder.addResponse(one.getCertID(), statuses.getOrDefault(one.getCertID().getSerialNumber(),
                    CertificateStatus.GOOD), Date.from(thisUpdate), nextUpdate == null ? null : Date.from(nextUpdate),
                    (Extensions) null);
            }
            Extension nonce = request.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
            if (nonce != null && echoNonce) {
                builder.setResponseExtensions(new Extensions(nonce));
            }
            X509CertificateHolder[] chain = includeSigner
                ? new X509CertificateHolder[] {new JcaX509CertificateHolder(signer.certificate())}
                : new X509CertificateHolder[0];
            BasicOCSPResp basic = builder.build(new JcaContentSignerBuilder(
                OcspTestPki.signatureAlgorithm(signer.privateKey())).build(signer.privateKey()), chain, new Date());
            return tamper.apply(new OCSPRespBuilder().build(OCSPRespBuilder.SUCCESSFUL, basic).getEncoded());
        }
    }

    /** An unsuccessful OCSP response with this status (3: trylater). */
    public static Answer status(int status) {
        return request -> new OCSPRespBuilder().build(status, null).getEncoded();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
