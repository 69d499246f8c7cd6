package io.jtunnel.config;

import java.util.List;

/** {@code checkHost}, {@code checkIP} and {@code checkEmail}: the peer's leaf must match one of them when any is set. */
public record SubjectChecks(List<String> hosts, List<String> ips, List<String> emails) {
    public static final SubjectChecks NONE = new SubjectChecks(List.of(), List.of(), List.of());

    public SubjectChecks {
        hosts = List.copyOf(hosts);
        ips = List.copyOf(ips);
        emails = List.copyOf(emails);
    }

    public boolean isEmpty() {
        return hosts.isEmpty() && ips.isEmpty() && emails.isEmpty();
    }
}
