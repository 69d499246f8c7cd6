package io.jtunnel.config;

/** The form an option's value takes, as jtunnel reports it (JSON, {@code check}) and reads it. */
public enum ValueType {
    /** yes or no; a JSON boolean. */
    FLAG,
    /** A whole number; a JSON number. */
    NUMBER,
    /** Seconds, negative meaning forever; a JSON number. */
    SECONDS,
    /** One of a fixed set of words, case-insensitive. */
    KEYWORD,
    /** A file or directory name, kept byte for byte; empty unsets it. */
    PATH,
    /** {@code [HOST:]PORT}. */
    ADDRESS,
    /** Free text kept verbatim. */
    TEXT
}
