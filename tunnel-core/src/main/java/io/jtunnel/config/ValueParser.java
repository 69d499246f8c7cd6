package io.jtunnel.config;

/** Turns the raw text of an option's value into its typed value, or rejects it with stunnel's message. */
@FunctionalInterface
interface ValueParser {
    Object parse(String raw) throws OptionValueException;
}
