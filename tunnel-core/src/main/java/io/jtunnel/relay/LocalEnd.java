package io.jtunnel.relay;

import io.netty.util.AttributeKey;

/**
 * What a connection's accepted-side channel says about itself when it was not accepted from a listener: an
 * exec+connect program's bridge (its log id, {@code 0_1} with {@code retry}) or inetd mode's stdin/stdout.
 */
final class LocalEnd {
    /** The log id to use instead of a new one. */
    static final AttributeKey<String> LOG_ID = AttributeKey.valueOf("jtunnel.localEnd.logId");
    /** Set when the peer has no address (stdin/stdout pipes): stunnel then logs "accepted connection" alone. */
    static final AttributeKey<Boolean> NO_PEER_ADDRESS = AttributeKey.valueOf("jtunnel.localEnd.noPeerAddress");

    private LocalEnd() {
    }

    /** The id {@code accepted} carries, or a new one of the service's {@code logId} kind. */
    static String logId(io.netty.channel.Channel accepted, RelayService service) {
        String id = accepted.attr(LOG_ID).get();
        return id != null ? id : ConnectionIds.next(service.config().policy().logId(), service.connectionIds());
    }

    /** stunnel's "accepted connection from ADDRESS", or "accepted connection" for a peer without an address. */
    static String acceptedLine(io.netty.channel.Channel accepted, String serviceName) {
        String line = "Service [" + serviceName + "] accepted connection";
        return Boolean.TRUE.equals(accepted.attr(NO_PEER_ADDRESS).get()) ? line
            : line + " from " + Addresses.format(accepted.remoteAddress());
    }
}
