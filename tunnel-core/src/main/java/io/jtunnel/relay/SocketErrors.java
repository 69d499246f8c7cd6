package io.jtunnel.relay;

import io.netty.channel.ConnectTimeoutException;
import java.util.Map;

/** Socket failures in the words and errno numbers stunnel prints, e.g. {@code Connection refused (111)}. */
final class SocketErrors {
    private static final Map<String, Integer> ERRNO = Map.of(
        "Connection refused", 111,
        "Connection reset by peer", 104,
        "Broken pipe", 32,
        "No route to host", 113,
        "Network is unreachable", 101,
        "Connection timed out", 110,
        "Cannot assign requested address", 99,
        "Address already in use", 98,
        "Permission denied", 13);

    private SocketErrors() {
    }

    static boolean isTimeout(Throwable failure) {
        return failure instanceof ConnectTimeoutException;
    }

    static String describe(Throwable failure) {
        String message = String.valueOf(failure.getMessage());
        for (Map.Entry<String, Integer> e : ERRNO.entrySet()) {
            if (message.contains(e.getKey())) {
                return e.getKey() + " (" + e.getValue() + ")";
            }
        }
        return message;
    }
}
