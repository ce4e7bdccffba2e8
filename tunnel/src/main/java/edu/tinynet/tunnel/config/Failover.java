package edu.tinynet.tunnel.config;

/** stunnel's {@code failover}: how several {@code connect} addresses are used. */
public enum Failover {
    /** Try in the order written (stunnel's default since 5.45). */
    PRIO,
    /** Round robin across the addresses. */
    RR
}
