package io.jtunnel.config;

import java.util.Optional;

/**
 * A service's TLS session resumption: the cache ({@code sessionCacheSize}, 0 = unlimited, and
 * {@code sessionCacheTimeout}), whether resumption is on at all ({@code sessionResume}), and the ticket secrets that
 * let several instances resume each other's sessions ({@code ticketKeySecret}, {@code ticketMacSecret}). The secrets
 * never leave this object except into the TLS engine; {@link #toString()} does not show them.
 */
public record SessionSettings(int cacheSize, int timeoutSeconds, boolean resume, Optional<TicketSecrets> tickets) {

    /** The two ticket secrets, 16 or 32 bytes each. */
    public record TicketSecrets(byte[] key, byte[] mac) {
        public TicketSecrets {
            key = key.clone();
            mac = mac.clone();
        }

        @Override
        public byte[] key() {
            return key.clone();
        }

        @Override
        public byte[] mac() {
            return mac.clone();
        }

        @Override
        public String toString() {
            return "TicketSecrets[hidden]";
        }
    }
}
