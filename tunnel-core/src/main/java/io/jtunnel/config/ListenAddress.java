package io.jtunnel.config;

import java.net.InetSocketAddress;

/** One address an {@code accept} line resolved to; {@code spec} is the line's value as written. */
public record ListenAddress(String spec, InetSocketAddress address) {
}
