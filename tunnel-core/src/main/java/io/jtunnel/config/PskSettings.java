package io.jtunnel.config;

import java.util.Optional;

/**
 * A service's TLS-PSK: the {@code PSKsecrets} it read and, in client mode, the key it presents ({@code PSKidentity},
 * else the file's first identity). A server looks up whichever identity the client names.
 */
public record PskSettings(PskSecrets secrets, Optional<PskSecrets.Key> clientKey) {
}
