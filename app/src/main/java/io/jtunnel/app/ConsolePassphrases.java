package io.jtunnel.app;

import io.jtunnel.tls.PassphraseSource;
import java.io.Console;
import java.util.Optional;

/** Asks for a key's pass phrase on the controlling terminal, as stunnel does; nothing when there is none. */
final class ConsolePassphrases implements PassphraseSource {
    @Override
    public Optional<char[]> ask(String prompt) {
        Console console = System.console();
        if (console == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(console.readPassword("%s", prompt + " "));
    }
}
