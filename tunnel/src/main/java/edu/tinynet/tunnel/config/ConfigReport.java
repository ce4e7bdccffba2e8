package edu.tinynet.tunnel.config;

import java.util.List;
import java.util.Objects;

/**
 * The {@code tunnel check} report: for every service, the effective value of each option (marking built-in
 * defaults and approximated options), the TLS 1.2 suites the {@code ciphers} string became, the options
 * this implementation does not support, and every warning and error. Driven by the {@link Options} table.
 */
public final class ConfigReport {

    private static final String ROW = "  %-20s = %s%s\n";
    private static final int WRAP = 100;

    private ConfigReport() {
    }

    /** Report for a usable configuration. */
    public static String render(TunnelConfig config) {
        return render(new CheckResult(config.source(), config, config.diagnostics()));
    }

    /** Report for a check result; without a configuration only the diagnostics are listed. */
    public static String render(CheckResult result) {
        StringBuilder out = new StringBuilder();
        out.append("Configuration file: ").append(result.source()).append('\n');
        int errors = result.errors().size();
        int warnings = result.warnings().size();
        TunnelConfig config = result.config();
        out.append("Result: ").append(config == null ? "FAILED" : "OK")
                .append(config == null ? "" : " (" + plural(config.services().size(), "service") + ")")
                .append(", ").append(plural(errors, "error")).append(", ").append(plural(warnings, "warning"))
                .append('\n');
        if (config != null) {
            global(out, config.global());
            ServiceDraft defaults = new ServiceDraft();
            ConfigParser.applyDefaults(defaults, new GlobalDraft());
            for (ServiceConfig service : config.services()) {
                service(out, service, defaultsLike(defaults, service));
            }
        }
        unsupported(out);
        diagnostics(out, "Errors", result.errors());
        diagnostics(out, "Warnings", result.warnings());
        return out.toString();
    }

    private static void global(StringBuilder out, GlobalSettings global) {
        GlobalDraft draft = new GlobalDraft();
        ConfigParser.applyDefaults(new ServiceDraft(), draft);
        GlobalSettings defaults = draft.build();
        out.append("\nGlobal options\n");
        for (Option<?> option : Options.all()) {
            if (option.shownGlobally()) {
                String value = option.show(global);
                out.append(String.format(ROW, option.name(), value, marks(option, value, option.show(defaults))));
            }
        }
    }

    private static void service(StringBuilder out, ServiceConfig service, ServiceConfig defaults) {
        out.append("\nService [").append(service.name()).append(']');
        if (service.location() != null) {
            out.append("  (").append(service.location().file()).append(':').append(service.location().line()).append(')');
        }
        out.append('\n');
        for (Option<?> option : Options.all()) {
            if (!option.shownPerService() || option.support() == Support.UNSUPPORTED) {
                continue;
            }
            String value = option.show(service);
            out.append(String.format(ROW, option.name(), value, marks(option, value, option.show(defaults))));
            if (option == Options.CIPHERS) {
                wrapList(out, "TLS 1.2 suites: ", service.tls().cipherSuites());
            }
        }
    }

    private static String marks(Option<?> option, String value, String defaultValue) {
        String marks = Objects.equals(value, defaultValue) ? "  (default)" : "";
        return option.support() == Support.APPROXIMATED ? marks + "  (approximated)" : marks;
    }

    /** A service with only built-in defaults; its endpoints are placeholders (endpoints have no default). */
    private static ServiceConfig defaultsLike(ServiceDraft defaults, ServiceConfig service) {
        ServiceDraft d = defaults.copyFor(service.name(), service.location());
        Endpoint unset = new Endpoint("unset", 0, "unset");
        d.accept = unset;
        d.connect.add(unset);
        return d.build();
    }

    private static void wrapList(StringBuilder out, String label, List<String> items) {
        String indent = " ".repeat(25);
        StringBuilder line = new StringBuilder(indent).append(label);
        if (items.isEmpty()) {
            line.append("(none)");
        }
        for (int i = 0; i < items.size(); i++) {
            String item = items.get(i) + (i + 1 < items.size() ? "," : "");
            if (line.length() + item.length() + 1 > WRAP && line.length() > indent.length() + label.length()) {
                out.append(line.toString().stripTrailing()).append('\n');
                line = new StringBuilder(indent).append(" ".repeat(label.length()));
            }
            line.append(item).append(' ');
        }
        out.append(line.toString().stripTrailing()).append('\n');
    }

    private static void unsupported(StringBuilder out) {
        out.append("\nKnown stunnel options not supported (errors; ignored with a warning in lenient mode):\n");
        List<String> names = Options.all().stream()
                .filter(o -> o.support() == Support.UNSUPPORTED).map(Option::name).toList();
        wrapPlain(out, String.join(", ", names));
    }

    private static void wrapPlain(StringBuilder out, String text) {
        StringBuilder line = new StringBuilder("  ");
        for (String word : text.split(" ")) {
            if (line.length() + word.length() + 1 > WRAP && line.length() > 2) {
                out.append(line.toString().stripTrailing()).append('\n');
                line = new StringBuilder("  ");
            }
            line.append(word).append(' ');
        }
        out.append(line.toString().stripTrailing()).append('\n');
    }

    private static void diagnostics(StringBuilder out, String title, List<Diagnostic> list) {
        out.append('\n').append(title).append(":\n");
        if (list.isEmpty()) {
            out.append("  (none)\n");
        }
        for (Diagnostic d : list) {
            out.append("  ").append(d.format()).append('\n');
        }
    }

    private static String plural(int n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }
}
