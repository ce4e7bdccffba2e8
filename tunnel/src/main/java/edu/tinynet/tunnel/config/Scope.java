package edu.tinynet.tunnel.config;

/** Where an option may be written. */
public enum Scope {
    /** Only in the global section (before the first {@code [service]}). */
    GLOBAL,
    /**
     * In a {@code [service]} section; written in the global section it is the default for every
     * service (stunnel copies the global section's service options into each new service).
     */
    SERVICE
}
