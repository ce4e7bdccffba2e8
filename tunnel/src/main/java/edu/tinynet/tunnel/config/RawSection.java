package edu.tinynet.tunnel.config;

import java.util.List;

/**
 * The global section (name null) or one {@code [name]} section, with its entries in file order.
 *
 * @param name     the service name, or null for the global section
 * @param header   where the {@code [name]} line is; null for the global section
 * @param entries  the {@code name = value} lines
 */
public record RawSection(String name, SourceLocation header, List<RawEntry> entries) {

    public RawSection {
        entries = List.copyOf(entries);
    }

    /** True for the section before the first {@code [service]}. */
    public boolean isGlobal() {
        return name == null;
    }
}
