package io.jtunnel.config;

/** What jtunnel does with a stunnel option. */
public enum OptionStatus {
    /** Parsed, validated and applied. */
    IMPLEMENTED,
    /** Accepted and validated, then ignored with a notice because it cannot matter to a JVM (entropy seeding, tray icons). */
    IGNORED,
    /** A stunnel option jtunnel does not implement yet: a config using it is rejected, never silently ignored. */
    NOT_IMPLEMENTED
}
