package io.jtunnel.app.service;

import java.util.Optional;
import java.util.regex.Pattern;

/** Service names that are valid both as a systemd instance name and as a Windows service name. */
final class ServiceNames {
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    private ServiceNames() {
    }

    /** Why {@code name} cannot be used, if it cannot. */
    static Optional<String> problem(String name) {
        if (VALID.matcher(name).matches()) {
            return Optional.empty();
        }
        return Optional.of("invalid service name \"" + name + "\": use 1 to 64 letters, digits, '_', '.' or '-',"
            + " starting with a letter or digit");
    }
}
