package io.jtunnel.config;

import io.jtunnel.log.LogLevel;
import io.jtunnel.log.LogSink;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The service-level options of one section while it is read. The global part's service-level options live in the
 * "default section" builder; every {@code [section]} starts as a copy of it (stunnel's CMD_SET_COPY), then its own
 * lines override. {@link #finish} runs stunnel's end-of-section checks in stunnel's order.
 */
final class SectionBuilder {
    private static final List<String> FACILITIES = List.of("auth", "cron", "daemon", "kern", "lpr", "mail", "news",
        "syslog", "user", "uucp", "local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7",
        "authpriv", "ftp", "ntp");

    private final String name;
    private final EnumMap<Option, Object> values;
    private final EnumMap<Option, String> origins;
    private PeerVerification verification;
    private String facility = "daemon";
    // `service = NAME` in a section replaces the section's name in logs and messages (stunnel's servname)
    private String serviceName;
    private boolean logsToStderr;

    private SectionBuilder(String name, Map<Option, Object> values, Map<Option, String> origins,
                           PeerVerification verification) {
        this.name = name;
        this.values = new EnumMap<>(Option.class);
        values.forEach((o, v) -> this.values.put(o, v instanceof List<?> list ? new ArrayList<>(list) : v));
        this.origins = new EnumMap<>(Option.class);
        this.origins.putAll(origins);
        this.verification = verification;
    }

    /** The builder for the options before the first section. */
    static SectionBuilder defaults() {
        return new SectionBuilder(null, Map.of(), Map.of(), PeerVerification.NONE);
    }

    /** A new section that starts with everything the global part set but its {@code service} name. */
    SectionBuilder newSection(String sectionName) {
        Map<Option, Object> copied = new EnumMap<>(Option.class);
        copied.putAll(values);
        copied.remove(Option.SERVICE_NAME); // the global one names the syslog ident; stunnel does not copy it
        Map<Option, String> copiedOrigins = new EnumMap<>(Option.class);
        copiedOrigins.putAll(origins);
        copiedOrigins.remove(Option.SERVICE_NAME);
        return new SectionBuilder(sectionName, copied, copiedOrigins, verification);
    }

    boolean isDefaults() {
        return name == null;
    }

    /** The section's name, or its {@code service} option's when set. */
    String name() {
        return serviceName != null ? serviceName : name;
    }

    /** The global part's {@code service}: the syslog ident. */
    Optional<String> serviceOption() {
        return Optional.ofNullable((String) values.get(Option.SERVICE_NAME));
    }

    String facility() {
        return facility;
    }

    /** Applies one {@code option = value} line of an implemented or ignored service-level option. */
    void apply(Option option, String raw, String origin, AddressResolver resolver, LogSink log)
        throws OptionValueException {
        Object value = switch (option) {
            case ACCEPT, CONNECT, REDIRECT, CHECK_EMAIL, CHECK_HOST, CHECK_IP -> raw;
            case SETUID, SETGID -> raw; // checked against the process's own user at start (PrivilegeCheck)
            case SERVICE_NAME -> {
                if (!isDefaults()) {
                    serviceName = raw;
                }
                yield raw;
            }
            case CA_PATH, CA_FILE, CERT, KEY, CRL_PATH, CRL_FILE -> Values.pathOrUnset().parse(raw);
            case CLIENT -> Values.yesNo().parse(raw);
            case SNI, PROTOCOL, CIPHERS, CIPHERSUITES, CURVES, PSK_IDENTITY -> raw;
            case PROTOCOL_HOST, PROTOCOL_USERNAME, PROTOCOL_PASSWORD, PROTOCOL_HEADER -> raw;
            case PROTOCOL_AUTHENTICATION -> HttpConnect.authentication(raw, log);
            case PSK_SECRETS -> PskSecrets.read(raw, log); // read at this line, as stunnel does
            case SOCKET -> SocketOption.parse(raw).toString();
            case OPTIONS -> {
                String name = TlsOptions.canonical(raw);
                if (TlsOptions.withoutEffect(name)) {
                    log.log(LogLevel.NOTICE, "TLS option " + name + " has no effect with jtunnel's TLS engines");
                }
                yield name;
            }
            case SESSION_CACHE_SIZE -> Values.integer("Illegal session cache size", 0, Integer.MAX_VALUE).parse(raw);
            case SESSION_CACHE_TIMEOUT -> Values.integer("Illegal session cache timeout", 0, Integer.MAX_VALUE)
                .parse(raw);
            case SESSION_RESUME -> Values.yesNo().parse(raw);
            case SECURITY_LEVEL -> Values.integer("Illegal security level", 0, 5).parse(raw);
            case RENEGOTIATION -> {
                Boolean on = (Boolean) Values.yesNo().parse(raw);
                if (on) {
                    log.log(LogLevel.NOTICE, "renegotiation = yes is not honoured: jtunnel never lets a client"
                        + " renegotiate");
                }
                yield on;
            }
            case TICKET_KEY_SECRET, TICKET_MAC_SECRET -> {
                ticketSecret(raw, option.stunnelName(), log);
                yield raw;
            }
            case DEBUG -> debug(raw);
            case REQUIRE_CERT -> flag(raw, verification::withRequireCert);
            case VERIFY_CHAIN -> flag(raw, verification::withVerifyChain);
            case VERIFY_PEER -> flag(raw, verification::withVerifyPeer);
            case VERIFY -> {
                long level = (Long) Values.integer("Bad verify level", 0, 4).parse(raw);
                verification = verification.withVerifyLevel((int) level);
                yield level;
            }
            case TIMEOUT_BUSY -> Values.seconds("Illegal busy timeout").parse(raw);
            case TIMEOUT_CLOSE -> Values.seconds("Illegal close timeout").parse(raw);
            case TIMEOUT_CONNECT -> Values.seconds("Illegal connect timeout").parse(raw);
            case TIMEOUT_IDLE -> Values.seconds("Illegal idle timeout").parse(raw);
            case STACK -> Values.integer("Illegal thread stack size", 1, Long.MAX_VALUE).parse(raw);
            case DELAY, RESET -> Values.yesNo().parse(raw);
            case FAILOVER -> Values.keyword("The argument needs to be either 'rr' or 'prio'", "rr", "prio").parse(raw);
            case LOG_ID -> Values.keyword("Invalid connection identifier type", "sequential", "unique", "thread",
                "process").parse(raw);
            case SSL_VERSION -> {
                TlsVersion.parse(raw);
                values.put(Option.SSL_VERSION_MIN, raw);
                values.put(Option.SSL_VERSION_MAX, raw);
                origins.put(Option.SSL_VERSION_MIN, origin);
                origins.put(Option.SSL_VERSION_MAX, origin);
                yield raw;
            }
            case SSL_VERSION_MIN, SSL_VERSION_MAX -> {
                TlsVersion.parse(raw);
                yield raw;
            }
            case LOCAL -> {
                resolver.local(raw);
                yield raw;
            }
            case EXEC, EXEC_ARGS -> raw; // exec is not checked until it runs, as in stunnel
            case RETRY -> Values.yesNo().parse(raw);
            case PTY -> {
                Boolean on = (Boolean) Values.yesNo().parse(raw);
                if (on) {
                    throw new OptionValueException("\"pty = yes\" is not supported by jtunnel: a JVM cannot allocate a"
                        + " pseudo-terminal without native code");
                }
                yield on;
            }
            case OCSP -> raw; // checked when used, as stunnel does (an https URL fails each check, not the start)
            case OCSP_AIA, OCSP_NONCE -> Values.yesNo().parse(raw);
            case OCSP_FLAG -> ocspFlag(raw, log);
            default -> throw new IllegalArgumentException("no parser for " + option);
        };
        if (option.accumulates()) {
            @SuppressWarnings("unchecked")
            List<Object> list = (List<Object>) values.computeIfAbsent(option, o -> new ArrayList<>());
            list.add(value);
        } else {
            values.put(option, value);
        }
        origins.put(option, origin);
    }

    /** stunnel's parse_ocsp_flag; a flag that changes nothing in the response check says so. */
    private static String ocspFlag(String raw, LogSink log) throws OptionValueException {
        String flag = OcspSettings.canonicalFlag(raw);
        if (flag == null) {
            throw new OptionValueException("Illegal OCSP flag");
        }
        String why = OcspSettings.WITHOUT_EFFECT.get(flag);
        if (why != null) {
            log.log(LogLevel.NOTICE, "OCSPflag " + flag + " has no effect: " + why);
        }
        return flag;
    }

    /** The OCSP options; like stunnel 5.68, they are only used while the peer is verified. */
    @SuppressWarnings("unchecked")
    private OcspSettings ocsp(LogSink log) {
        OcspSettings settings = new OcspSettings(Optional.ofNullable((String) effective(Option.OCSP)),
            (Boolean) effective(Option.OCSP_AIA), (Boolean) effective(Option.OCSP_NONCE),
            new java.util.HashSet<>((List<String>) effective(Option.OCSP_FLAG)));
        if (settings.enabled() && !verification.verifies() && !isDefaults()) {
            log.log(LogLevel.NOTICE, "Service [" + name() + "]: OCSP is not checked without \"verifyChain\" or"
                + " \"verifyPeer\"");
        }
        return settings;
    }

    private Boolean flag(String raw, java.util.function.Function<Boolean, PeerVerification> update)
        throws OptionValueException {
        Boolean on = (Boolean) Values.yesNo().parse(raw);
        verification = update.apply(on);
        return on;
    }

    private String debug(String raw) throws OptionValueException {
        String levelText = raw;
        int dot = raw.indexOf('.');
        if (isDefaults() && dot >= 0) {
            String requested = raw.substring(0, dot).toLowerCase(Locale.ROOT);
            if (!FACILITIES.contains(requested)) {
                throw new OptionValueException("Illegal syslog facility");
            }
            facility = requested;
            levelText = raw.substring(dot + 1);
            int next = levelText.indexOf('.');
            if (next >= 0) {
                levelText = levelText.substring(0, next); // stunnel's strtok() stops at the next dot
            }
        }
        return LogLevel.parse(levelText).orElseThrow(() -> new OptionValueException("Illegal debug level")).keyword();
    }

    /**
     * The server name a client-mode service sends: {@code sni} when set (empty: none), else the host part of
     * {@code protocolHost}, else the host of the first {@code connect} (stunnel's default). Server mode sends none
     * ({@link #virtualService} reads the option there).
     */
    private Optional<String> sni(boolean client, List<ConnectTarget> connect) {
        String set = (String) effective(Option.SNI);
        if (!client) {
            return Optional.empty();
        }
        if (set != null) {
            return set.isEmpty() ? Optional.empty() : Optional.of(set);
        }
        String protocolHost = (String) effective(Option.PROTOCOL_HOST);
        if (protocolHost != null) {
            return HttpConnect.sniOf(protocolHost);
        }
        return connect.isEmpty() ? Optional.empty() : Optional.of(connect.get(0).host());
    }

    /**
     * Server mode {@code sni = PRIMARY:PATTERN} (stunnel's sni_init): this section becomes a virtual service of the
     * first earlier section named PRIMARY (its final name, so a {@code service} rename counts, compared exactly),
     * which must be a server. Split at the first colon.
     */
    private Optional<SniVirtualService> virtualService(boolean client, List<ServiceConfig> earlier)
        throws OptionValueException {
        String set = (String) effective(Option.SNI);
        if (client || set == null) {
            return Optional.empty();
        }
        int colon = set.indexOf(':');
        if (colon < 0) {
            throw new OptionValueException("Invalid SNI parameter format");
        }
        String primary = set.substring(0, colon);
        ServiceConfig found = earlier.stream().filter(s -> s.name().equals(primary)).findFirst()
            .orElseThrow(() -> new OptionValueException("SNI section name not found"));
        if (found.client()) {
            throw new OptionValueException("SNI primary service is a TLS client");
        }
        return Optional.of(new SniVirtualService(primary, set.substring(colon + 1)));
    }

    /**
     * stunnel's PSKidentity check (table order: after protocol): a client takes the named identity's key, else the
     * file's first; a server looks up the client's identity, so a PSKidentity there only earns a notice.
     */
    private Optional<PskSettings> psk(boolean client, LogSink log) throws OptionValueException {
        PskSecrets secrets = (PskSecrets) values.get(Option.PSK_SECRETS);
        if (secrets == null) {
            return Optional.empty();
        }
        String identity = (String) values.get(Option.PSK_IDENTITY);
        log.log(LogLevel.INFO, "PSK identities: " + secrets.keys().size() + " retrieved");
        if (!client) {
            if (identity != null) {
                log.log(LogLevel.NOTICE, "PSK identity is ignored in the server mode");
            }
            return Optional.of(new PskSettings(secrets, Optional.empty()));
        }
        if (identity == null) {
            return Optional.of(new PskSettings(secrets, Optional.of(secrets.keys().get(0))));
        }
        PskSecrets.Key key = secrets.find(identity)
            .orElseThrow(() -> new OptionValueException("No key found for the specified PSK identity"));
        return Optional.of(new PskSettings(secrets, Optional.of(key)));
    }

    /** {@code redirect}: where clients that fail authentication go, resolved as {@code connect} is. */
    private List<ConnectTarget> redirect(boolean client, AddressResolver resolver) throws OptionValueException {
        List<String> specs = list(Option.REDIRECT);
        if (specs.isEmpty()) {
            return List.of();
        }
        if (client) {
            throw new OptionValueException("\"redirect\" is unsupported in client sections");
        }
        List<ConnectTarget> targets = new ArrayList<>();
        for (String spec : specs) {
            targets.add(resolver.connect(spec, false));
        }
        if (!verification.verifies()) {
            throw new OptionValueException(
                "Either \"verifyChain\" or \"verifyPeer\" has to be enabled for \"redirect\" to work");
        }
        return targets;
    }

    private static final List<String> PROTOCOLS = List.of("cifs", "capwin", "capwinctrl", "connect", "imap", "ldap",
        "nntp", "pgsql", "pop3", "proxy", "smtp", "socks");

    /**
     * {@code protocol}, lower-cased, or null: {@code proxy} (server mode: a PROXY v1 line to the upstream) and
     * {@code connect} (HTTP CONNECT) are implemented; the names stunnel knows otherwise are refused as not yet
     * implemented, others with stunnel's message.
     */
    private String protocol(boolean client) throws OptionValueException {
        String protocol = (String) effective(Option.PROTOCOL);
        if (protocol == null) {
            return null;
        }
        String name = protocol.toLowerCase(Locale.ROOT);
        if (!PROTOCOLS.contains(name)) {
            throw new OptionValueException("Protocol not supported");
        }
        if (!name.equals("proxy") && !name.equals("connect")) {
            throw new OptionValueException("Protocol '" + protocol + "' is not implemented in jtunnel yet (only"
                + " 'proxy' and 'connect' are; the others may come later)");
        }
        if (client && name.equals("proxy")) {
            throw new OptionValueException("The 'proxy' protocol is not supported in the client mode");
        }
        return name;
    }

    /** {@code protocol = connect}: a client needs {@code protocolHost} (stunnel says so at each connection). */
    private Optional<HttpConnect> httpConnect(String protocol, boolean client) throws OptionValueException {
        if (!"connect".equals(protocol)) {
            return Optional.empty();
        }
        if (!client) {
            return Optional.of(HttpConnect.server());
        }
        String host = (String) effective(Option.PROTOCOL_HOST);
        if (host == null) {
            throw new OptionValueException("protocolHost not specified");
        }
        return Optional.of(new HttpConnect(true, Optional.of(host),
            Optional.ofNullable((String) effective(Option.PROTOCOL_USERNAME)),
            Optional.ofNullable((String) effective(Option.PROTOCOL_PASSWORD)), list(Option.PROTOCOL_HEADER)));
    }

    /** stunnel's default socket options, then the section's own: a later setting of the same option wins. */
    private List<SocketOption> socketOptions() throws OptionValueException {
        Map<String, SocketOption> byKey = new java.util.LinkedHashMap<>();
        List<String> all = new ArrayList<>(Option.SOCKET.defaultValueList());
        if (values.containsKey(Option.SOCKET)) {
            all.addAll(list(Option.SOCKET));
        }
        for (String raw : all) {
            SocketOption option = SocketOption.parse(raw);
            byKey.remove(option.target() + option.name());
            byKey.put(option.target() + option.name(), option);
        }
        return List.copyOf(byKey.values());
    }

    /**
     * sslVersionMin/Max with {@code all} as jtunnel's own bounds; stunnel's range check. From security level 1 up
     * OpenSSL 3 cannot negotiate TLS 1.0 or 1.1, so a lower minimum is raised to TLS 1.2 (with a notice), and a maximum
     * below TLS 1.2 leaves nothing: refused here rather than failing every handshake as stunnel would.
     */
    private TlsProtocols protocols(SecurityLevel securityLevel, LogSink log) throws OptionValueException {
        TlsVersion max = TlsVersion.parse((String) effective(Option.SSL_VERSION_MAX)).orElse(TlsVersion.TLSV1_3);
        // "all" as minimum is the lowest version jtunnel offers: TLS 1.2, unless the maximum asks for older ones
        TlsVersion lowest = max.ordinal() < TlsVersion.TLSV1_2.ordinal() ? TlsVersion.TLSV1 : TlsVersion.TLSV1_2;
        TlsVersion min = TlsVersion.parse((String) effective(Option.SSL_VERSION_MIN)).orElse(lowest);
        if (min.ordinal() > max.ordinal()) {
            throw new OptionValueException("Invalid protocol version range");
        }
        // SSLv3 is refused with its own reason when the TLS context is built
        if (!securityLevel.allowsLegacyProtocols() && min != TlsVersion.SSLV3
            && min.ordinal() < TlsVersion.TLSV1_2.ordinal()) {
            if (max.ordinal() < TlsVersion.TLSV1_2.ordinal()) {
                throw new OptionValueException(max.protocolName() + " is not available at security level "
                    + securityLevel.level() + ": TLS 1.0 and 1.1 need \"securityLevel = 0\" (as with OpenSSL 3)");
            }
            log.log(LogLevel.NOTICE, "Service [" + name() + "]: " + min.protocolName() + " is not available at"
                + " security level " + securityLevel.level() + " (TLS 1.0 and 1.1 need \"securityLevel = 0\"):"
                + " the minimum is TLSv1.2");
            min = TlsVersion.TLSV1_2;
        }
        return new TlsProtocols(min, max);
    }

    private SecurityLevel securityLevel() {
        return values.containsKey(Option.SECURITY_LEVEL)
            ? new SecurityLevel((int) (long) (Long) values.get(Option.SECURITY_LEVEL), true) : SecurityLevel.DEFAULT;
    }

    /** OPENSSL_hexstr2buf's form (hex pairs, optionally split by ':'), 16 or 32 bytes, with stunnel's messages. */
    static byte[] ticketSecret(String raw, String name, LogSink log) throws OptionValueException {
        String hex = raw.replace(":", "");
        if (hex.isEmpty() || hex.length() % 2 != 0 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)
            || raw.startsWith(":") || raw.endsWith(":") || raw.contains("::")) {
            log.log(LogLevel.ERR, "Required " + name + " is 16 or 32 byte hexadecimal key");
            throw new OptionValueException("Failed to read " + name);
        }
        byte[] bytes = java.util.HexFormat.of().parseHex(hex);
        if (bytes.length != 16 && bytes.length != 32) {
            log.log(LogLevel.ERR, name + " value has " + bytes.length + " bytes instead of required 16 or 32 bytes");
            throw new OptionValueException("Failed to read " + name);
        }
        log.log(LogLevel.INFO, name + " configured");
        return bytes;
    }

    /** stunnel's checks and its client-mode notice; the secrets are parsed again here, silently. */
    private SessionSettings sessions(boolean client, LogSink log) throws OptionValueException {
        String key = (String) effective(Option.TICKET_KEY_SECRET);
        String mac = (String) effective(Option.TICKET_MAC_SECRET);
        if ((key == null) != (mac == null)) {
            throw new OptionValueException("\"ticketKeySecret\" and \"ticketMacSecret\" must be set together");
        }
        Optional<SessionSettings.TicketSecrets> tickets = Optional.empty();
        if (key != null && client) {
            log.log(LogLevel.NOTICE, "ticketKeySecret is ignored in the client mode");
            log.log(LogLevel.NOTICE, "ticketMacSecret is ignored in the client mode");
        } else if (key != null) {
            tickets = Optional.of(new SessionSettings.TicketSecrets(
                ticketSecret(key, "ticketKeySecret", LogSink.discard()),
                ticketSecret(mac, "ticketMacSecret", LogSink.discard())));
        }
        return new SessionSettings((int) (long) (Long) effective(Option.SESSION_CACHE_SIZE),
            (int) (long) (Long) effective(Option.SESSION_CACHE_TIMEOUT), (Boolean) effective(Option.SESSION_RESUME),
            tickets);
    }

    /** A colon-separated list the section set, else empty (jtunnel's default). */
    private Optional<List<String>> names(Option option) {
        if (!values.containsKey(option)) {
            return Optional.empty();
        }
        return Optional.of(List.of(((String) values.get(option)).split(":")));
    }

    LogLevel level() {
        return LogLevel.parse((String) effective(Option.DEBUG)).orElseThrow();
    }

    private Object effective(Option option) {
        return values.containsKey(option) ? values.get(option) : option.defaultValue();
    }

    private Optional<String> path(Option option) {
        return Optional.ofNullable((String) effective(option));
    }

    @SuppressWarnings("unchecked")
    private List<String> list(Option option) {
        return (List<String>) effective(option);
    }

    /**
     * stunnel's CMD_INITIALIZE pass over the table, in table order: accept resolves, a server needs a certificate,
     * connect resolves (or is looked up later), verification needs a CA, and the endpoints add up.
     *
     * @param inetd true for a file without sections, where the global part itself is the one service
     * @param earlier the sections finished before this one, in file order (where {@code sni} finds its primary)
     */
    ServiceConfig finish(AddressResolver resolver, boolean inetd, List<ServiceConfig> earlier, LogSink log)
        throws OptionValueException {
        List<ListenAddress> accept = new ArrayList<>();
        for (String spec : list(Option.ACCEPT)) {
            try {
                accept.addAll(resolver.listen(spec));
            } catch (OptionValueException e) {
                throw new OptionValueException("Cannot resolve accept target");
            }
        }
        int endpoints = accept.isEmpty() ? 0 : 1;
        boolean client = (Boolean) effective(Option.CLIENT);
        if (!client && path(Option.CERT).isEmpty() && !values.containsKey(Option.PSK_SECRETS)) {
            throw new OptionValueException("TLS server needs a certificate");
        }
        SubjectChecks checks = new SubjectChecks(list(Option.CHECK_HOST), list(Option.CHECK_IP),
            list(Option.CHECK_EMAIL));
        if (!checks.isEmpty() && !verification.verifies()) {
            throw new OptionValueException("Either \"verifyChain\" or \"verifyPeer\" has to be enabled");
        }
        boolean delay = (Boolean) effective(Option.DELAY);
        List<ConnectTarget> connect = new ArrayList<>();
        for (String spec : list(Option.CONNECT)) {
            try {
                connect.add(resolver.connect(spec, delay));
            } catch (OptionValueException e) {
                throw new OptionValueException("Cannot resolve connect target");
            }
        }
        endpoints += connect.isEmpty() ? 0 : 1;
        Optional<ExecCommand> exec = exec();
        endpoints += exec.isPresent() ? 1 : 0;
        Optional<String> sni = sni(client, connect);
        Optional<SniVirtualService> virtualService = virtualService(client, earlier);
        endpoints += virtualService.isEmpty() ? 0 : 1; // a server-mode sni is an endpoint: it needs no accept
        String protocol = protocol(client); // stunnel checks protocol here, in table order
        boolean proxyHeader = "proxy".equals(protocol);
        Optional<HttpConnect> httpConnect = httpConnect(protocol, client);
        Optional<PskSettings> psk = psk(client, log);
        List<ConnectTarget> redirect = redirect(client, resolver);
        SessionSettings sessions = sessions(client, log);
        TlsOptions tlsOptions = TlsOptions.apply(values.containsKey(Option.OPTIONS) ? list(Option.OPTIONS) : List.of());
        CipherSettings ciphers = new CipherSettings(
            values.containsKey(Option.CIPHERS) ? Optional.of((String) values.get(Option.CIPHERS)) : Optional.empty(),
            names(Option.CIPHERSUITES), names(Option.CURVES));
        SecurityLevel securityLevel = securityLevel();
        TlsProtocols protocols = protocols(securityLevel, log);
        if (verification.verifies() && path(Option.CA_FILE).isEmpty() && path(Option.CA_PATH).isEmpty()) {
            throw new OptionValueException("Either \"CAfile\" or \"CApath\" has to be configured");
        }
        if (inetd) {
            if (!accept.isEmpty()) {
                throw new OptionValueException("'accept' option is only allowed in a [section]");
            }
            if (endpoints != 1) {
                throw new OptionValueException("Inetd mode must define one endpoint");
            }
        } else if (endpoints != 2) {
            throw new OptionValueException("Each service must define two endpoints");
        }
        Timeouts timeouts = new Timeouts((Integer) effective(Option.TIMEOUT_BUSY),
            (Integer) effective(Option.TIMEOUT_CLOSE), (Integer) effective(Option.TIMEOUT_CONNECT),
            (Integer) effective(Option.TIMEOUT_IDLE));
        Map<Option, Object> reported = new EnumMap<>(values);
        reported.put(Option.VERIFY_CHAIN, verification.chain());
        reported.put(Option.VERIFY_PEER, verification.peer());
        reported.put(Option.REQUIRE_CERT, verification.require());
        reported.put(Option.OPTIONS, List.copyOf(tlsOptions.set()));
        // delayed lookup forces priority order, as in stunnel
        Failover failover = delay ? Failover.PRIO : Failover.valueOf(((String) effective(Option.FAILOVER)).toUpperCase(
            Locale.ROOT));
        Optional<java.net.InetAddress> local = effective(Option.LOCAL) == null ? Optional.empty()
            : Optional.of(resolver.local((String) effective(Option.LOCAL)));
        ConnectPolicy policy = new ConnectPolicy(failover, local, (Boolean) effective(Option.RESET),
            LogIdType.valueOf(((String) effective(Option.LOG_ID)).toUpperCase(Locale.ROOT)), socketOptions(),
            proxyHeader);
        // inetd mode: the global part is the service, named by a global `service` or stunnel's default
        String serviceName = inetd ? serviceOption().orElse("stunnel") : name();
        return new ServiceConfig(serviceName, accept, connect, path(Option.CERT), path(Option.KEY), path(Option.CA_FILE),
            path(Option.CA_PATH), path(Option.CRL_FILE), path(Option.CRL_PATH), verification, checks, protocols,
            sessions, ciphers, tlsOptions, timeouts, policy, client, sni, redirect, level(),
            new OptionValues(reported, origins), securityLevel, virtualService, httpConnect, psk, exec,
            (Boolean) effective(Option.RETRY), ocsp(log));
    }

    /** Set before {@link #finish}: whether jtunnel logs to stderr, where a program's stderr then goes too. */
    void logsToStderr(boolean stderr) {
        this.logsToStderr = stderr;
    }

    /** {@code exec} with {@code execArgs}, or the path alone as {@code $0} (stunnel's default). */
    private Optional<ExecCommand> exec() {
        String path = (String) effective(Option.EXEC);
        if (path == null) {
            return Optional.empty();
        }
        String args = (String) effective(Option.EXEC_ARGS);
        return Optional.of(new ExecCommand(path, args == null ? List.of(path) : ExecCommand.split(args),
            logsToStderr));
    }
}
