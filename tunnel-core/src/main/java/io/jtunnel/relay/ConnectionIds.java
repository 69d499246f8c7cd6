package io.jtunnel.relay;

import io.jtunnel.config.LogIdType;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/** A new connection's id for {@code LOGn[id]}, of the kind {@code logId} asks for. */
final class ConnectionIds {
    private static final String ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private static final int UNIQUE_LENGTH = 22;

    private ConnectionIds() {
    }

    static String next(LogIdType type, AtomicLong sequence) {
        return switch (type) {
            case SEQUENTIAL -> Long.toString(sequence.getAndIncrement());
            // stunnel: 22 random characters of [0-9a-zA-Z]; these ids only tell connections apart in the log
            case UNIQUE -> {
                StringBuilder id = new StringBuilder(UNIQUE_LENGTH);
                ThreadLocalRandom random = ThreadLocalRandom.current();
                for (int i = 0; i < UNIQUE_LENGTH; i++) {
                    id.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                }
                yield id.toString();
            }
            case THREAD -> Long.toString(Thread.currentThread().getId());
            case PROCESS -> Long.toString(ProcessHandle.current().pid());
        };
    }
}
