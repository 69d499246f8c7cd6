package io.jtunnel.config;

import java.util.Map;

/**
 * One {@code socket = a|l|r:OPTION=VALUE[:VALUE]} setting: on the accepting (listening) socket, the local (accepted)
 * socket or the remote (outgoing) socket. Names and the letter are case-sensitive, as in stunnel; the value is kept
 * in a normal form: {@code yes}/{@code no}, a number, or {@code onoff:linger} for SO_LINGER.
 */
public record SocketOption(Target target, String name, String value) {

    /** Which socket the option is for. */
    public enum Target {
        ACCEPT('a'), LOCAL('l'), REMOTE('r');

        private final char letter;

        Target(char letter) {
            this.letter = letter;
        }

        public char letter() {
            return letter;
        }
    }

    private enum Type { FLAG, INT, LINGER, TIMEVAL, STRING }

    /** stunnel 5.68's table on Linux (the BSD and Windows ones are unknown there, as in stunnel). */
    private static final Map<String, Type> KNOWN = Map.ofEntries(
        Map.entry("SO_DEBUG", Type.FLAG), Map.entry("SO_DONTROUTE", Type.FLAG), Map.entry("SO_KEEPALIVE", Type.FLAG),
        Map.entry("SO_LINGER", Type.LINGER), Map.entry("SO_OOBINLINE", Type.FLAG), Map.entry("SO_RCVBUF", Type.INT),
        Map.entry("SO_SNDBUF", Type.INT), Map.entry("SO_RCVLOWAT", Type.INT), Map.entry("SO_SNDLOWAT", Type.INT),
        Map.entry("SO_RCVTIMEO", Type.TIMEVAL), Map.entry("SO_SNDTIMEO", Type.TIMEVAL),
        Map.entry("SO_REUSEADDR", Type.FLAG), Map.entry("SO_BINDTODEVICE", Type.STRING),
        Map.entry("TCP_KEEPCNT", Type.INT), Map.entry("TCP_KEEPIDLE", Type.INT), Map.entry("TCP_KEEPINTVL", Type.INT),
        Map.entry("IP_TOS", Type.INT), Map.entry("IP_TTL", Type.INT), Map.entry("TCP_MAXSEG", Type.INT),
        Map.entry("TCP_NODELAY", Type.FLAG), Map.entry("IP_FREEBIND", Type.FLAG), Map.entry("IPV6_V6ONLY", Type.FLAG));

    /** The ones jtunnel applies; the rest of stunnel's have no equivalent for a JVM's non-blocking sockets. */
    private static final java.util.Set<String> SUPPORTED = java.util.Set.of("SO_KEEPALIVE", "SO_LINGER", "SO_RCVBUF",
        "SO_SNDBUF", "SO_REUSEADDR", "TCP_KEEPCNT", "TCP_KEEPIDLE", "TCP_KEEPINTVL", "IP_TOS", "TCP_NODELAY",
        "IP_FREEBIND");

    private static final String ILLEGAL = "Illegal socket option";

    /** Reads one {@code socket} value as stunnel's socket_option_parse(), plus jtunnel's support check. */
    static SocketOption parse(String raw) throws OptionValueException {
        if (raw.length() < 2 || raw.charAt(1) != ':') {
            throw new OptionValueException(ILLEGAL);
        }
        Target target = switch (raw.charAt(0)) {
            case 'a' -> Target.ACCEPT;
            case 'l' -> Target.LOCAL;
            case 'r' -> Target.REMOTE;
            default -> throw new OptionValueException(ILLEGAL);
        };
        int eq = raw.indexOf('=', 2);
        if (eq < 0) {
            throw new OptionValueException(ILLEGAL);
        }
        String name = raw.substring(2, eq);
        String text = raw.substring(eq + 1);
        Type type = KNOWN.get(name);
        if (type == null) {
            throw new OptionValueException(ILLEGAL);
        }
        String value = switch (type) {
            case FLAG -> flag(text);
            case INT -> Long.toString(Values.strtol(text, ILLEGAL));
            case LINGER -> linger(text);
            case TIMEVAL, STRING -> text;
        };
        if (!SUPPORTED.contains(name)) {
            throw new OptionValueException("Socket option " + name + " is not supported by jtunnel (no equivalent for"
                + " the JVM's non-blocking sockets)");
        }
        return new SocketOption(target, name, value);
    }

    private static String flag(String text) throws OptionValueException {
        if (text.equalsIgnoreCase("yes") || text.equals("1")) {
            return "yes";
        }
        if (text.equalsIgnoreCase("no") || text.equals("0")) {
            return "no";
        }
        throw new OptionValueException(ILLEGAL);
    }

    private static String linger(String text) throws OptionValueException {
        int colon = text.indexOf(':');
        long onoff = Values.strtol(colon < 0 ? text : text.substring(0, colon), ILLEGAL);
        long seconds = colon < 0 ? 0 : Values.strtol(text.substring(colon + 1), ILLEGAL);
        return onoff + ":" + seconds;
    }

    public boolean flag() {
        return value.equals("yes");
    }

    public int number() {
        return Integer.parseInt(value);
    }

    /** SO_LINGER's seconds, or -1 when lingering is off. */
    public int lingerSeconds() {
        String[] parts = value.split(":");
        return Integer.parseInt(parts[0]) == 0 ? -1 : Integer.parseInt(parts[1]);
    }

    /** As written in stunnel.conf. */
    @Override
    public String toString() {
        return target.letter() + ":" + name + "=" + value;
    }
}
