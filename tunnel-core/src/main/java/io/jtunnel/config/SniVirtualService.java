package io.jtunnel.config;

/**
 * A server section's {@code sni = PRIMARY:PATTERN}: the section is a virtual service of the earlier section named
 * {@code primary}, chosen for the connections whose TLS server name matches {@code pattern}.
 */
public record SniVirtualService(String primary, String pattern) {

    /**
     * stunnel's {@code matches_wildcard}: case-insensitive; a pattern starting with {@code *} matches every name that
     * ends with the rest of the pattern ({@code *.example.com} matches {@code a.b.example.com}, and {@code *example.com}
     * matches {@code example.com} itself), any other pattern only the same name.
     */
    public boolean matches(String serverName) {
        if (serverName == null) {
            return false;
        }
        if (pattern.startsWith("*")) {
            return lower(serverName).endsWith(lower(pattern.substring(1)));
        }
        return lower(serverName).equals(lower(pattern));
    }

    // strcasecmp in the C locale folds ASCII letters only
    private static String lower(String s) {
        StringBuilder folded = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            folded.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
        }
        return folded.toString();
    }
}
