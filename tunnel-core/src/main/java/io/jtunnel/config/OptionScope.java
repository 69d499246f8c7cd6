package io.jtunnel.config;

/** stunnel's two option tables: global options, and service-level options (legal in a section and, as defaults, before the first one). */
public enum OptionScope {
    GLOBAL, SERVICE
}
