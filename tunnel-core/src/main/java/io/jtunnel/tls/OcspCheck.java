package io.jtunnel.tls;

import io.jtunnel.config.OcspSettings;
import io.jtunnel.log.LogLevel;
import io.jtunnel.log.LogSink;
import java.io.IOException;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * stunnel 5.68's OCSP check of one certificate of the peer's verified chain (verify.c {@code ocsp_check},
 * {@code ocsp_request}): the root is skipped; the configured responder ({@code OCSP}) must answer "good", then each
 * AIA responder ({@code OCSPaia}) is asked until one answers other than "unknown", and that answer must be "good".
 * A responder that cannot be reached, a response that fails verification, is out of date or does not cover the
 * certificate rejects it, as in stunnel: there is no soft fail. Every step logs stunnel's line. Blocking; see
 * {@link VerificationTasks}.
 */
public final class OcspCheck {
    /** No {@code OCSP} or {@code OCSPaia}: nothing is checked. */
    public static final OcspCheck OFF = new OcspCheck(OcspSettings.OFF, List.of(), 0, 0);

    /** OpenSSL's OCSP_check_validity leeway, as stunnel passes it: 60 seconds either side. */
    private static final long SKEW_MILLIS = 60_000;
    private static final DateTimeFormatter ASN1_TIME = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss yyyy 'GMT'",
        Locale.US).withZone(ZoneOffset.UTC);
    private static final Map<Integer, String> REASONS = Map.of(0, "unspecified", 1, "keyCompromise", 2,
        "cACompromise", 3, "affiliationChanged", 4, "superseded", 5, "cessationOfOperation", 6, "certificateHold",
        8, "removeFromCRL", 9, "privilegeWithdrawn", 10, "aACompromise");
    private static final String[] RESPONSE_STATUS = {"successful", "malformedrequest", "internalerror", "trylater",
        "(UNKNOWN)", "sigrequired", "unauthorized"};

    /** What one check concluded. */
    public enum Verdict { GOOD, REVOKED, FAILED }

    private enum Status { GOOD, REVOKED, UNKNOWN }

    private final OcspSettings settings;
    private final OcspHttp http;
    private final OcspResponseVerifier responses;
    private final SecureRandom random = new SecureRandom();
    private final int busySeconds;

    /**
     * @param trusted the service's CA store, against which responder certificates are verified
     * @param connectSeconds TIMEOUTconnect, bounding the connection to a responder
     * @param busySeconds TIMEOUTbusy, bounding the exchange once connected
     */
    public OcspCheck(OcspSettings settings, List<X509Certificate> trusted, int connectSeconds, int busySeconds) {
        this.settings = settings;
        this.busySeconds = busySeconds;
        this.http = new OcspHttp(connectSeconds, busySeconds);
        this.responses = new OcspResponseVerifier(trusted, settings);
    }

    public boolean enabled() {
        return settings.enabled();
    }

    /**
     * When checks for a handshake starting now must be over: a second before its TIMEOUTbusy runs out. A handshake
     * that times out closes its engine, which waits for the engine's lock, held by a running check: ending the checks
     * first keeps that wait off the event loop.
     */
    long limitForHandshakeStartingNow() {
        long millis = io.jtunnel.config.Timeouts.millis(busySeconds);
        return millis < 0 ? Long.MAX_VALUE : System.nanoTime() + Math.max(0, millis - 1000) * 1_000_000;
    }

    /**
     * Checks {@code path.get(depth)}, whose issuer is the next certificate of the path (the certificate itself at its
     * top, as stunnel's get_current_issuer does).
     *
     * @param path the peer's verified chain, leaf first
     */
    public Verdict check(List<X509Certificate> path, int depth, LogSink log) {
        return check(path, depth, log, Long.MAX_VALUE);
    }

    /** @param limitNanos when every exchange must be over ({@link #limitForHandshakeStartingNow()}) */
    Verdict check(List<X509Certificate> path, int depth, LogSink log, long limitNanos) {
        X509Certificate certificate = path.get(depth);
        if (certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())) {
            log.log(LogLevel.DEBUG, "OCSP: Ignoring root certificate");
            return Verdict.GOOD;
        }
        X509Certificate issuer = path.get(Math.min(depth + 1, path.size() - 1));
        CertificateID id;
        try {
            id = new CertificateID(new JcaDigestCalculatorProviderBuilder().build().get(CertificateID.HASH_SHA1),
                new JcaX509CertificateHolder(issuer), certificate.getSerialNumber());
        } catch (Exception e) {
            log.log(LogLevel.ERR, "OCSP: OCSP_cert_to_id: " + e.getMessage());
            return Verdict.FAILED;
        }
        if (settings.url().isPresent()) {
            log.log(LogLevel.NOTICE, "OCSP: Connecting the configured responder \"" + settings.url().get() + "\"");
            Status status = request(id, settings.url().get(), path, log, limitNanos);
            if (status != Status.GOOD) {
                return status == Status.REVOKED ? Verdict.REVOKED : Verdict.FAILED;
            }
        }
        if (settings.aia()) {
            List<String> urls = aiaResponders(certificate);
            if (!urls.isEmpty()) {
                Status status = Status.UNKNOWN;
                for (String url : urls) {
                    log.log(LogLevel.NOTICE, "OCSP: Connecting the AIA responder \"" + url + "\"");
                    status = request(id, url, path, log, limitNanos);
                    if (status != Status.UNKNOWN) {
                        break; // a definitive response
                    }
                }
                if (status != Status.GOOD) {
                    return status == Status.REVOKED ? Verdict.REVOKED : Verdict.FAILED;
                }
            }
        }
        return Verdict.GOOD;
    }

    /** X509_get1_ocsp: the OCSP access locations of the AIA extension that are URIs. */
    static List<String> aiaResponders(X509Certificate certificate) {
        List<String> urls = new ArrayList<>();
        try {
            AuthorityInformationAccess aia = AuthorityInformationAccess.fromExtensions(
                new JcaX509CertificateHolder(certificate).getExtensions());
            if (aia == null) {
                return urls;
            }
            for (AccessDescription description : aia.getAccessDescriptions()) {
                if (description.getAccessMethod().equals(AccessDescription.id_ad_ocsp)
                    && description.getAccessLocation().getTagNo() == GeneralName.uniformResourceIdentifier) {
                    urls.add(description.getAccessLocation().getName().toString());
                }
            }
        } catch (CertificateEncodingException | RuntimeException unreadable) {
            // no usable AIA: nothing to ask, as OpenSSL finds nothing
        }
        return urls;
    }

    /** ocsp_request: one responder, one certificate. */
    private Status request(CertificateID id, String url, List<X509Certificate> path, LogSink log,
                           long limitNanos) {
        OCSPReqBuilder builder = new OCSPReqBuilder().addRequest(id);
        Extension nonce = null;
        if (settings.nonce()) {
            byte[] value = new byte[16]; // OpenSSL's OCSP_DEFAULT_NONCE_LENGTH, wrapped in an OCTET STRING as it does
            random.nextBytes(value);
            try {
                nonce = new Extension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false,
                    new DEROctetString(new DEROctetString(value).getEncoded()));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            builder.setRequestExtensions(new Extensions(nonce));
        }
        byte[] der;
        try {
            OCSPReq request = builder.build();
            der = request.getEncoded();
        } catch (Exception e) {
            log.log(LogLevel.ERR, "OCSP: OCSP_REQUEST_new: " + e.getMessage());
            return Status.UNKNOWN;
        }
        byte[] answer = http.post(url, der, log, limitNanos);
        if (answer == null) {
            return Status.UNKNOWN;
        }
        OCSPResp response;
        try {
            response = new OCSPResp(answer);
        } catch (IOException | RuntimeException e) {
            log.log(LogLevel.ERR, "OCSP: OCSP_sendreq_nbio: " + OcspHttp.httpError(0x6E, "missing asn1 encoding"));
            return Status.UNKNOWN;
        }
        log.log(LogLevel.DEBUG, "OCSP: Response received");
        if (response.getStatus() != OCSPResp.SUCCESSFUL) {
            int code = response.getStatus();
            log.log(LogLevel.ERR, "OCSP: Responder error: " + code + ": "
                + (code >= 0 && code < RESPONSE_STATUS.length ? RESPONSE_STATUS[code] : "(UNKNOWN)"));
            return Status.UNKNOWN;
        }
        BasicOCSPResp basic;
        try {
            Object object = response.getResponseObject();
            if (!(object instanceof BasicOCSPResp b)) {
                sslError(log, "OCSP: OCSP_response_get1_basic", List.of(object == null
                    ? OcspResponseVerifier.ocspError(0x6C, "no response data")
                    : OcspResponseVerifier.ocspError(0x68, "not basic response")));
                return Status.UNKNOWN;
            }
            basic = b;
        } catch (Exception e) {
            sslError(log, "OCSP: OCSP_response_get1_basic", List.of(OcspResponseVerifier.ocspError(0x68,
                "not basic response")));
            return Status.UNKNOWN;
        }
        if (settings.nonce() && !nonceMatches(nonce, basic.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce))) {
            log.log(LogLevel.ERR, "OCSP: Invalid or unsupported nonce");
            return Status.UNKNOWN;
        }
        List<String> detail = new ArrayList<>();
        List<String> errors = responses.verify(basic, path, detail);
        if (errors != null) {
            sslError(log, "OCSP: OCSP_basic_verify", errors);
            detail.forEach(line -> log.log(LogLevel.DEBUG, "OCSP: " + line));
            return Status.UNKNOWN;
        }
        SingleResp single = find(basic, id);
        if (single == null) {
            sslError(log, "OCSP: OCSP_resp_find_status", List.of());
            return Status.UNKNOWN;
        }
        CertificateStatus certStatus = single.getCertStatus();
        Status status = certStatus == CertificateStatus.GOOD ? Status.GOOD
            : certStatus instanceof RevokedStatus ? Status.REVOKED : Status.UNKNOWN;
        log.log(LogLevel.INFO, "OCSP: Status: " + status.name().toLowerCase(Locale.ROOT));
        log.log(LogLevel.INFO, "OCSP: This update: " + time(single.getThisUpdate()));
        if (single.getNextUpdate() != null) {
            log.log(LogLevel.INFO, "OCSP: Next update: " + time(single.getNextUpdate()));
        }
        List<String> validity = validity(single.getThisUpdate(), single.getNextUpdate(), System.currentTimeMillis());
        if (!validity.isEmpty()) {
            sslError(log, "OCSP: OCSP_check_validity", validity);
            return Status.UNKNOWN;
        }
        switch (status) {
            case GOOD -> log.log(LogLevel.NOTICE, "OCSP: Certificate accepted");
            case REVOKED -> {
                RevokedStatus revoked = (RevokedStatus) certStatus;
                if (revoked.hasRevocationReason()) {
                    int reason = revoked.getRevocationReason();
                    log.log(LogLevel.ERR, "OCSP: Certificate revoked: " + reason + ": "
                        + REASONS.getOrDefault(reason, "(UNKNOWN)"));
                } else {
                    log.log(LogLevel.ERR, "OCSP: Certificate revoked");
                }
                log.log(LogLevel.NOTICE, "OCSP: Revoked at: " + time(revoked.getRevocationTime()));
            }
            default -> log.log(LogLevel.WARNING, "OCSP: Unknown verification status");
        }
        return status;
    }

    /**
     * OCSP_check_nonce as stunnel reads it (a result above 0 passes): the request always has a nonce here, so the
     * response must carry the same one.
     */
    private static boolean nonceMatches(Extension sent, Extension received) {
        return received != null && Arrays.equals(sent.getExtnValue().getOctets(), received.getExtnValue().getOctets());
    }

    /** OCSP_resp_find_status: the single response whose certificate ID matches (hash algorithm, hashes, serial). */
    private static SingleResp find(BasicOCSPResp basic, CertificateID id) {
        for (SingleResp single : basic.getResponses()) {
            CertificateID other = single.getCertID();
            if (other.getHashAlgOID().equals(id.getHashAlgOID())
                && Arrays.equals(other.getIssuerNameHash(), id.getIssuerNameHash())
                && Arrays.equals(other.getIssuerKeyHash(), id.getIssuerKeyHash())
                && other.getSerialNumber().equals(id.getSerialNumber())) {
                return single;
            }
        }
        return null;
    }

    /** OCSP_check_validity(thisUpdate, nextUpdate, 60, -1): OpenSSL's errors in its order, none when valid. */
    static List<String> validity(Date thisUpdate, Date nextUpdate, long nowMillis) {
        List<String> errors = new ArrayList<>();
        if (thisUpdate.getTime() > nowMillis + SKEW_MILLIS) {
            errors.add(OcspResponseVerifier.ocspError(0x7E, "status not yet valid"));
        }
        if (nextUpdate != null) {
            if (nextUpdate.getTime() < nowMillis - SKEW_MILLIS) {
                errors.add(OcspResponseVerifier.ocspError(0x7D, "status expired"));
            }
            if (nextUpdate.before(thisUpdate)) {
                errors.add(OcspResponseVerifier.ocspError(0x7C, "nextupdate before thisupdate"));
            }
        }
        return errors;
    }

    /**
     * stunnel's sslerror: the newest errors as {@code error queue} lines, then the oldest with the function's name;
     * with none, OpenSSL had nothing to say and stunnel prints "Peer suddenly disconnected". OpenSSL's source file and
     * line are left out.
     */
    static void sslError(LogSink log, String what, List<String> errors) {
        if (errors.isEmpty()) {
            log.log(LogLevel.ERR, what + ": Peer suddenly disconnected");
            return;
        }
        for (int i = errors.size() - 1; i >= 1; i--) {
            log.log(LogLevel.ERR, "error queue: " + errors.get(i));
        }
        log.log(LogLevel.ERR, what + ": " + errors.get(0));
    }

    /** ASN1_TIME_print's form: {@code Nov 22 09:23:17 2026 GMT}. */
    static String time(Date date) {
        return ASN1_TIME.format(date.toInstant());
    }
}
