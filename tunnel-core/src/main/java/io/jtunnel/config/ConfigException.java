package io.jtunnel.config;

import java.util.List;

/**
 * A configuration that stunnel would refuse. {@link #lines()} are the error lines in stunnel's formats
 * ({@code FILE:LINE: "raw line": message}, {@code Service [name]: message}, {@code Global options: message}),
 * without the closing {@code Configuration failed}.
 */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;
    private final List<String> lines;

    public ConfigException(List<String> lines) {
        super(String.join(System.lineSeparator(), lines));
        this.lines = List.copyOf(lines);
    }

    public ConfigException(String line) {
        this(List.of(line));
    }

    public List<String> lines() {
        return lines;
    }
}
