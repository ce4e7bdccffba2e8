package edu.tinynet.tunnel.config;

import java.nio.file.Path;
import java.util.List;

/**
 * The outcome of checking a configuration without throwing: the configuration when it is usable, and
 * every diagnostic (errors and warnings) in the order found.
 *
 * @param source      the configuration file
 * @param config      the configuration, or null when there are errors
 * @param diagnostics every error and warning
 */
public record CheckResult(Path source, TunnelConfig config, List<Diagnostic> diagnostics) {

    public CheckResult {
        diagnostics = List.copyOf(diagnostics);
    }

    /** True when there are no errors (warnings allowed). */
    public boolean ok() {
        return config != null;
    }

    public List<Diagnostic> errors() {
        return diagnostics.stream().filter(Diagnostic::isError).toList();
    }

    public List<Diagnostic> warnings() {
        return diagnostics.stream().filter(d -> !d.isError()).toList();
    }

    /** The configuration, or a {@link ConfigException} with every error. */
    public TunnelConfig orThrow() throws ConfigException {
        if (config == null) {
            throw new ConfigException(errors());
        }
        return config;
    }
}
