package io.jtunnel.config;

import static io.jtunnel.config.OptionScope.GLOBAL;
import static io.jtunnel.config.OptionScope.SERVICE;
import static io.jtunnel.config.OptionStatus.IGNORED;
import static io.jtunnel.config.OptionStatus.IMPLEMENTED;
import static io.jtunnel.config.OptionStatus.NOT_IMPLEMENTED;
import static io.jtunnel.config.ValueType.TEXT;
import static io.jtunnel.config.ValueType.ADDRESS;
import static io.jtunnel.config.ValueType.PATH;
import static io.jtunnel.config.ValueType.KEYWORD;
import static io.jtunnel.config.ValueType.SECONDS;
import static io.jtunnel.config.ValueType.NUMBER;
import static io.jtunnel.config.ValueType.FLAG;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Every option stunnel 5.68 knows, in stunnel's own table order (which is also the order of its end-of-section
 * checks): name, scope, whether repeats accumulate, jtunnel's status, jtunnel's effective default and the help text.
 * The parser, {@code check}, the JSON output and the docs all read this one table.
 */
public enum Option {
    // ---- global options
    CHROOT("chroot", GLOBAL, PATH, false, NOT_IMPLEMENTED, null, "directory to chroot stunnel process",
        "a JVM cannot chroot itself; use systemd's RootDirectory= or a container instead"),
    COMPRESSION("compression", GLOBAL, KEYWORD, false, NOT_IMPLEMENTED, null, "compression type",
        "TLS compression is insecure (CRIME) and BoringSSL does not support it"),
    EGD("EGD", GLOBAL, PATH, false, IGNORED, null, "path to Entropy Gathering Daemon socket",
        "the JVM seeds its own random generator from the operating system"),
    ENGINE("engine", GLOBAL, TEXT, true, NOT_IMPLEMENTED, null, "auto|engine_id",
        "OpenSSL engines (hardware keys) are not available to jtunnel's TLS engines yet"),
    ENGINE_CTRL("engineCtrl", GLOBAL, TEXT, true, NOT_IMPLEMENTED, null, "cmd[:arg]",
        "OpenSSL engines are not available to jtunnel's TLS engines yet"),
    ENGINE_DEFAULT("engineDefault", GLOBAL, TEXT, false, NOT_IMPLEMENTED, null, "TASK_LIST",
        "OpenSSL engines are not available to jtunnel's TLS engines yet"),
    FIPS("fips", GLOBAL, FLAG, false, NOT_IMPLEMENTED, false, "yes|no FIPS 140-2 mode",
        "jtunnel's TLS engines are not FIPS-validated builds"),
    FOREGROUND("foreground", GLOBAL, KEYWORD, false, IMPLEMENTED, "no",
        "yes|quiet|no foreground mode (don't fork, log to stderr)", null),
    ICON_ACTIVE("iconActive", GLOBAL, PATH, false, IGNORED, null, "icon when connections are established",
        "jtunnel has no tray icon"),
    ICON_ERROR("iconError", GLOBAL, PATH, false, IGNORED, null, "icon for invalid configuration file",
        "jtunnel has no tray icon"),
    ICON_IDLE("iconIdle", GLOBAL, PATH, false, IGNORED, null, "icon when no connections were established",
        "jtunnel has no tray icon"),
    LOG("log", GLOBAL, KEYWORD, false, IMPLEMENTED, "append", "append|overwrite log file", null),
    OUTPUT("output", GLOBAL, PATH, false, IMPLEMENTED, null, "file to append log messages", null),
    PID("pid", GLOBAL, PATH, false, IMPLEMENTED, null, "pid file", null),
    RND_BYTES("RNDbytes", GLOBAL, NUMBER, false, IGNORED, 1024L, "bytes to read from random seed files",
        "the JVM seeds its own random generator from the operating system"),
    RND_FILE("RNDfile", GLOBAL, PATH, false, IGNORED, null, "path to file with random seed data",
        "the JVM seeds its own random generator from the operating system"),
    RND_OVERWRITE("RNDoverwrite", GLOBAL, FLAG, false, IGNORED, true,
        "yes|no overwrite seed datafiles with new random data",
        "the JVM seeds its own random generator from the operating system"),
    SYSLOG("syslog", GLOBAL, FLAG, false, IMPLEMENTED, true, "yes|no send logging messages to syslog", null),
    TASKBAR("taskbar", GLOBAL, FLAG, false, IGNORED, true, "yes|no enable the taskbar icon", "jtunnel has no tray icon"),

    // ---- service-level options
    ACCEPT("accept", SERVICE, ADDRESS, true, IMPLEMENTED, List.of(), "[host:]port accept connections on specified host:port",
        null),
    CA_ENGINE("CAengine", SERVICE, TEXT, true, NOT_IMPLEMENTED, null,
        "engine-specific CA certificate identifier for 'verify' option",
        "OpenSSL engines are not available to jtunnel's TLS engines yet"),
    CA_PATH("CApath", SERVICE, PATH, false, IMPLEMENTED, null, "CA certificate directory for 'verify' option", null),
    CA_FILE("CAfile", SERVICE, PATH, false, IMPLEMENTED, null, "CA certificate file for 'verify' option", null),
    CERT("cert", SERVICE, PATH, false, IMPLEMENTED, null, "certificate chain", null),
    CHECK_EMAIL("checkEmail", SERVICE, TEXT, true, IMPLEMENTED, List.of(), "peer certificate email address", null),
    CHECK_HOST("checkHost", SERVICE, TEXT, true, IMPLEMENTED, List.of(), "peer certificate host name pattern", null),
    CHECK_IP("checkIP", SERVICE, TEXT, true, IMPLEMENTED, List.of(), "peer certificate IP address", null),
    CIPHERS("ciphers", SERVICE, TEXT, false, IMPLEMENTED, TlsDefaults.CIPHERS,
        "permitted ciphers for TLS 1.2 or older", null),
    CIPHERSUITES("ciphersuites", SERVICE, TEXT, false, IMPLEMENTED, TlsDefaults.CIPHERSUITES,
        "permitted ciphersuites for TLS 1.3", null),
    CLIENT("client", SERVICE, FLAG, false, IMPLEMENTED, false, "yes|no client mode (remote service uses TLS)", null),
    CONFIG("config", SERVICE, TEXT, true, NOT_IMPLEMENTED, List.of(), "command[:parameter] to execute",
        "OpenSSL SSL_CONF commands have no equivalent in jtunnel's TLS engines"),
    CONNECT("connect", SERVICE, ADDRESS, true, IMPLEMENTED, List.of(), "[host:]port to connect", null),
    CRL_PATH("CRLpath", SERVICE, PATH, false, IMPLEMENTED, null, "CRL directory", null),
    CRL_FILE("CRLfile", SERVICE, PATH, false, IMPLEMENTED, null, "CRL file", null),
    CURVES("curves", SERVICE, TEXT, false, IMPLEMENTED, TlsDefaults.CURVES, "ECDH curve names", null, "curve"),
    DEBUG("debug", SERVICE, KEYWORD, false, IMPLEMENTED, "notice", "[facility].level (e.g. daemon.info)", null),
    DELAY("delay", SERVICE, FLAG, false, IMPLEMENTED, false, "yes|no delay DNS lookup for 'connect' option", null),
    ENGINE_ID("engineId", SERVICE, TEXT, false, NOT_IMPLEMENTED, null, "ID of engine to read the key from",
        "OpenSSL engines are not available to jtunnel's TLS engines yet"),
    ENGINE_NUM("engineNum", SERVICE, NUMBER, false, NOT_IMPLEMENTED, null, "number of engine to read the key from",
        "OpenSSL engines are not available to jtunnel's TLS engines yet"),
    EXEC("exec", SERVICE, PATH, false, IMPLEMENTED, null, "file execute local inetd-type program", null),
    EXEC_ARGS("execArgs", SERVICE, TEXT, false, IMPLEMENTED, null, "arguments for 'exec' (including $0)",
        "split on whitespace, no quoting; the exec path when not set"),
    FAILOVER("failover", SERVICE, KEYWORD, false, IMPLEMENTED, "prio", "rr|prio failover strategy", null),
    IDENT("ident", SERVICE, TEXT, false, NOT_IMPLEMENTED, null, "username for IDENT (RFC 1413) checking",
        "IDENT answers come from the client's own host and prove nothing; authenticate clients with certificates"
            + " (verifyChain) instead"),
    INCLUDE("include", SERVICE, PATH, true, IMPLEMENTED, null, "directory with configuration file snippets", null),
    KEY("key", SERVICE, PATH, false, IMPLEMENTED, null, "certificate private key", null),
    LIBWRAP("libwrap", SERVICE, FLAG, false, NOT_IMPLEMENTED, false, "yes|no use /etc/hosts.allow and /etc/hosts.deny",
        "TCP wrappers are deprecated and gone from most distributions; filter clients with the firewall or systemd's"
            + " IPAddressAllow=/IPAddressDeny= (\"no\" is accepted)"),
    LOCAL("local", SERVICE, TEXT, false, IMPLEMENTED, null, "IP address to be used as source for remote connections",
        null),
    LOG_ID("logId", SERVICE, KEYWORD, false, IMPLEMENTED, "sequential", "connection identifier type", null),
    OCSP("OCSP", SERVICE, TEXT, false, IMPLEMENTED, null, "OCSP responder URL",
        "stunnel 5.68's check of each verified peer certificate but the root, over HTTP (https is refused as in"
            + " stunnel); the query runs off the event loop, bounded by TIMEOUTconnect and TIMEOUTbusy"),
    OCSP_AIA("OCSPaia", SERVICE, FLAG, false, IMPLEMENTED, false, "yes|no check the AIA responders from certificates",
        null),
    OCSP_FLAG("OCSPflag", SERVICE, KEYWORD, true, IMPLEMENTED, List.of(), "OCSP responder flags",
        "NOINTERN, NOSIGS, NOCHAIN, NOVERIFY, NOCHECKS and TRUSTOTHER change the response check as in OpenSSL;"
            + " NOCERTS, RESPID_KEY, NOCASIGN, NODELEGATED, NOTIME and NOEXPLICIT have no effect there (nor in"
            + " stunnel 5.68 on OpenSSL 3) and are accepted with a notice"),
    OCSP_NONCE("OCSPnonce", SERVICE, FLAG, false, IMPLEMENTED, false,
        "yes|no send and verify the OCSP nonce extension", null),
    OPTIONS("options", SERVICE, KEYWORD, true, IMPLEMENTED, List.of("NO_SSLv2", "NO_SSLv3"), "TLS option to set/reset",
        null),
    PROTOCOL("protocol", SERVICE, KEYWORD, false, IMPLEMENTED, null, "protocol to negotiate before TLS initialization",
        "proxy (server mode) and connect (both modes) only; cifs, capwin, capwinctrl, imap, ldap, nntp, pgsql, pop3,"
            + " smtp and socks are refused for now"),
    PROTOCOL_AUTHENTICATION("protocolAuthentication", SERVICE, KEYWORD, false, IMPLEMENTED, "basic",
        "authentication type for protocol negotiations",
        "basic only (protocol = connect); ntlm is refused: NTLMv1 (DES and MD4) is deprecated and insecure"),
    PROTOCOL_DOMAIN("protocolDomain", SERVICE, TEXT, false, NOT_IMPLEMENTED, null, "domain for protocol negotiations",
        "it is used only by NTLM proxy authentication, which jtunnel does not implement: NTLMv1 (DES and MD4) is"
            + " deprecated and insecure; use basic authentication"),
    PROTOCOL_HEADER("protocolHeader", SERVICE, TEXT, true, IMPLEMENTED, List.of(),
        "custom header for protocol negotiations", null),
    PROTOCOL_HOST("protocolHost", SERVICE, ADDRESS, false, IMPLEMENTED, null, "host:port for protocol negotiations",
        "the CONNECT target of a client with protocol = connect, and a client's default SNI name"),
    PROTOCOL_PASSWORD("protocolPassword", SERVICE, TEXT, false, IMPLEMENTED, null, "password for protocol negotiations",
        null),
    PROTOCOL_USERNAME("protocolUsername", SERVICE, TEXT, false, IMPLEMENTED, null, "username for protocol negotiations",
        null),
    PSK_IDENTITY("PSKidentity", SERVICE, TEXT, false, IMPLEMENTED, null, "identity for PSK authentication",
        "client mode (default: the first identity in PSKsecrets); TLS 1.2 only, through Conscrypt"),
    PSK_SECRETS("PSKsecrets", SERVICE, PATH, false, IMPLEMENTED, null, "secrets for PSK authentication",
        "TLS 1.2 only, through Conscrypt: the service runs on the conscrypt engine with TLS 1.2 PSK suites (stunnel on"
            + " OpenSSL would use TLS 1.3 PSK); identities up to 127 characters, keys up to 256 bytes"),
    PTY("pty", SERVICE, FLAG, false, IMPLEMENTED, false, "yes|no allocate pseudo terminal for 'exec' option",
        "only \"no\": a JVM cannot allocate a pseudo-terminal without native code, so \"pty = yes\" is rejected"),
    REDIRECT("redirect", SERVICE, ADDRESS, true, IMPLEMENTED, List.of(),
        "[host:]port to redirect on authentication failures", null),
    RENEGOTIATION("renegotiation", SERVICE, FLAG, false, IMPLEMENTED, false, "yes|no support renegotiation",
        "jtunnel never lets a client renegotiate (a known attack vector); \"yes\" is accepted with a notice"),
    REQUIRE_CERT("requireCert", SERVICE, FLAG, false, IMPLEMENTED, false, "yes|no require client certificate", null),
    RESET("reset", SERVICE, FLAG, false, IMPLEMENTED, true, "yes|no send TCP RST on error", null),
    RETRY("retry", SERVICE, FLAG, false, IMPLEMENTED, false, "yes|no retry connect+exec section",
        "restarts an exec+connect section 1 s after it ends, as stunnel 5.68 (no delay value)"),
    SECURITY_LEVEL("securityLevel", SERVICE, NUMBER, false, IMPLEMENTED, 2L, "set the security level",
        "OpenSSL's levels applied by jtunnel itself (BoringSSL has none): key, signature, cipher and group strength,"
            + " TLS 1.2 minimum from level 1, forward secrecy and no tickets from level 3"),
    SERVICE_NAME("service", SERVICE, TEXT, false, IMPLEMENTED, null, "service name",
        "in a section it replaces the section name in logs; before the first section it is the syslog ident"
            + " (jtunnel's default ident is jtunnel)"),
    SETGID("setgid", SERVICE, TEXT, false, IMPLEMENTED, null, "groupname for setgid()",
        "a JVM cannot change its group: jtunnel refuses to start as root with it, otherwise notes that it runs"
            + " unprivileged (the systemd unit's Group=)"),
    SETUID("setuid", SERVICE, TEXT, false, IMPLEMENTED, null, "username for setuid()",
        "a JVM cannot change its user: jtunnel refuses to start as root with it, otherwise notes that it runs"
            + " unprivileged (the systemd unit's User=)"),
    SESSION_CACHE_SIZE("sessionCacheSize", SERVICE, NUMBER, false, IMPLEMENTED, 1000L, "session cache size", null),
    SESSION_CACHE_TIMEOUT("sessionCacheTimeout", SERVICE, SECONDS, false, IMPLEMENTED, 300L,
        "session cache timeout (in seconds)", null, "session"),
    SESSION_RESUME("sessionResume", SERVICE, FLAG, false, IMPLEMENTED, true, "yes|no enable session resumption", null),
    SESSIOND("sessiond", SERVICE, ADDRESS, false, NOT_IMPLEMENTED, null, "[host:]port use sessiond at host:port",
        "an external session cache daemon; instances share sessions through ticketKeySecret/ticketMacSecret instead"),
    SNI("sni", SERVICE, TEXT, false, IMPLEMENTED, null, "primary_service:host_name for an SNI virtual service",
        "server mode: PRIMARY:PATTERN makes the section a virtual service of the earlier section PRIMARY, with no accept"
            + " of its own, for TLS server names matching PATTERN (case-insensitive; a leading * matches any beginning);"
            + " client mode: the server name sent (default: the first connect host; empty: none)"),
    SOCKET("socket", SERVICE, TEXT, true, IMPLEMENTED,
        List.of("a:SO_REUSEADDR=yes", "l:TCP_NODELAY=yes", "r:TCP_NODELAY=yes"), "a|l|r:option=value[:value]", null),
    SSL_VERSION("sslVersion", SERVICE, KEYWORD, false, IMPLEMENTED, null, "all|SSLv3|TLSv1|TLSv1.1|TLSv1.2|TLSv1.3", null),
    SSL_VERSION_MAX("sslVersionMax", SERVICE, KEYWORD, false, IMPLEMENTED, TlsDefaults.MAX_PROTOCOL,
        "all|SSLv3|TLSv1|TLSv1.1|TLSv1.2|TLSv1.3", null),
    SSL_VERSION_MIN("sslVersionMin", SERVICE, KEYWORD, false, IMPLEMENTED, TlsDefaults.MIN_PROTOCOL,
        "all|SSLv3|TLSv1|TLSv1.1|TLSv1.2|TLSv1.3", null),
    STACK("stack", SERVICE, NUMBER, false, IGNORED, null, "thread stack size (in bytes)",
        "jtunnel serves connections on event loops, not one thread each"),
    TICKET_KEY_SECRET("ticketKeySecret", SERVICE, TEXT, false, IMPLEMENTED, null,
        "secret key for encryption/decryption TLSv1.3 tickets", null),
    TICKET_MAC_SECRET("ticketMacSecret", SERVICE, TEXT, false, IMPLEMENTED, null,
        "key for HMAC operations on TLSv1.3 tickets", null),
    TIMEOUT_BUSY("TIMEOUTbusy", SERVICE, SECONDS, false, IMPLEMENTED, 300, "seconds to wait for expected data", null),
    TIMEOUT_CLOSE("TIMEOUTclose", SERVICE, SECONDS, false, IMPLEMENTED, 60, "seconds to wait for close_notify", null),
    TIMEOUT_CONNECT("TIMEOUTconnect", SERVICE, SECONDS, false, IMPLEMENTED, 10, "seconds to connect remote host", null),
    TIMEOUT_IDLE("TIMEOUTidle", SERVICE, SECONDS, false, IMPLEMENTED, 43200, "seconds to keep an idle connection", null),
    TRANSPARENT("transparent", SERVICE, KEYWORD, false, NOT_IMPLEMENTED, "none",
        "none|source|destination|both transparent proxy mode",
        "IP_TRANSPARENT and SO_ORIGINAL_DST are not reachable from the JVM's socket transport; pass the client's"
            + " address with protocol = proxy instead (\"none\" is accepted)"),
    VERIFY("verify", SERVICE, NUMBER, false, IMPLEMENTED, null, "level of peer certificate verification", null),
    VERIFY_CHAIN("verifyChain", SERVICE, FLAG, false, IMPLEMENTED, false, "yes|no verify certificate chain", null),
    VERIFY_PEER("verifyPeer", SERVICE, FLAG, false, IMPLEMENTED, false, "yes|no verify peer certificate", null);

    private static final Map<String, Option> BY_NAME = Stream.of(values())
        .flatMap(o -> Stream.concat(Stream.of(o.stunnelName), o.aliases.stream()).map(n -> Map.entry(lower(n), o)))
        .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));

    private final String stunnelName;
    private final OptionScope scope;
    private final ValueType type;
    private final boolean accumulates;
    private final OptionStatus status;
    private final Object defaultValue;
    private final String help;
    private final String reason;
    private final List<String> aliases;

    Option(String stunnelName, OptionScope scope, ValueType type, boolean accumulates, OptionStatus status, Object defaultValue,
           String help, String reason, String... aliases) {
        this.stunnelName = stunnelName;
        this.scope = scope;
        this.type = type;
        this.accumulates = accumulates;
        this.status = status;
        this.defaultValue = defaultValue;
        this.help = help;
        this.reason = reason;
        this.aliases = List.of(aliases);
    }

    /** The option's name as stunnel spells it. */
    public String stunnelName() {
        return stunnelName;
    }

    public OptionScope scope() {
        return scope;
    }

    public ValueType type() {
        return type;
    }

    /** True for options whose repeats are all kept ({@code accept}, {@code connect}, {@code options}, ...). */
    public boolean accumulates() {
        return accumulates;
    }

    public OptionStatus status() {
        return status;
    }

    /** jtunnel's effective value when the option is not set (stunnel's default unless jtunnel is stricter). */
    public Object defaultValue() {
        return defaultValue;
    }

    /** Options whose values are secrets: reports show only that they are set. */
    public boolean secret() {
        return this == TICKET_KEY_SECRET || this == TICKET_MAC_SECRET || this == PROTOCOL_PASSWORD;
    }

    /** The default of an option whose value is a list. */
    @SuppressWarnings("unchecked")
    public List<String> defaultValueList() {
        return defaultValue instanceof List<?> list ? (List<String>) list : List.of();
    }

    /** stunnel's one-line description, as {@code stunnel -help} prints it. */
    public String help() {
        return help;
    }

    /** Why jtunnel ignores or cannot implement the option, when that is not simply "not yet". */
    public Optional<String> reason() {
        return Optional.ofNullable(reason);
    }

    public List<String> aliases() {
        return aliases;
    }

    /**
     * True when {@code value} asks for what happens anyway when the option is not set ({@code libwrap = no},
     * {@code fips = no}, {@code transparent = none}): a configuration may say so even for an option jtunnel rejects.
     */
    public boolean turnsOff(String value) {
        String lower = lower(value.trim());
        if (type == FLAG && Boolean.FALSE.equals(defaultValue)) {
            return lower.equals("no");
        }
        return this == TRANSPARENT && (lower.equals("none") || lower.equals("no"));
    }

    /** False for the Windows GUI's options (tray icons), which stunnel does not know on other systems. */
    public boolean availableOn(boolean windows) {
        return windows || !(this == TASKBAR || this == ICON_ACTIVE || this == ICON_ERROR || this == ICON_IDLE);
    }

    /** Finds an option by name or alias, case-insensitively, as stunnel's {@code strcasecmp} lookup does. */
    public static Optional<Option> byName(String name) {
        return Optional.ofNullable(BY_NAME.get(lower(name)));
    }

    public static List<Option> inScope(OptionScope scope) {
        return Stream.of(values()).filter(o -> o.scope == scope).toList();
    }


    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
