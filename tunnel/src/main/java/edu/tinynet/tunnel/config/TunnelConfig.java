package edu.tinynet.tunnel.config;

import java.nio.file.Path;
import java.util.List;

/**
 * A whole, validated configuration: the file it came from, global options, services and the
 * warnings found while reading it. Immutable; a reload builds a new one.
 */
public record TunnelConfig(Path source, GlobalSettings global, List<ServiceConfig> services,
        List<Diagnostic> diagnostics) {

    public TunnelConfig {
        services = List.copyOf(services);
        diagnostics = List.copyOf(diagnostics);
    }

    /** The same configuration with every port shifted by {@code offset}. */
    public TunnelConfig withPortOffset(int offset) {
        return new TunnelConfig(source, global, services.stream().map(s -> s.withPortOffset(offset)).toList(),
                diagnostics);
    }
}
