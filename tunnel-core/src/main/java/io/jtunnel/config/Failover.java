package io.jtunnel.config;

/** The order in which several {@code connect} addresses are tried: in order ({@code prio}) or taking turns ({@code rr}). */
public enum Failover {
    PRIO, RR
}
