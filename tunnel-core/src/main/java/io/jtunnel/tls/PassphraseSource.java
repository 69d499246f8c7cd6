package io.jtunnel.tls;

import java.util.Optional;

/** Asks an operator for a private key's pass phrase; empty when nobody can be asked (no terminal). */
@FunctionalInterface
public interface PassphraseSource {
    Optional<char[]> ask(String prompt);

    /** For daemons and tests: never asks. */
    static PassphraseSource none() {
        return prompt -> Optional.empty();
    }
}
