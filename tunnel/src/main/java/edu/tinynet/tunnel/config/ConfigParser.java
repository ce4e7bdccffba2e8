package edu.tinynet.tunnel.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Second parsing stage and the entry points: stunnel.conf → {@link TunnelConfig}.
 *
 * <p>Every problem is collected; a configuration with errors is rejected as a whole with one
 * {@link ConfigException} listing them all ({@link #parse}), or reported without an exception
 * ({@link #check}). Errors name file and line as stunnel does: {@code file:line: "raw line": message}.
 * Files named by options are not read here (the engine loads them); only {@code include} directories are.
 */
public final class ConfigParser {

    private final ParseOptions options;
    private final List<Diagnostic> diagnostics = new ArrayList<>();
    private final GlobalDraft global = new GlobalDraft();
    private final ServiceDraft serviceDefaults = new ServiceDraft();

    private ConfigParser(ParseOptions options) {
        this.options = options;
    }

    /** Reads and validates {@code file}; throws with every error found. */
    public static TunnelConfig parse(Path file, ParseOptions options) throws ConfigException {
        return check(file, options).orThrow();
    }

    /** Parses {@code text} as if read from {@code pretendFile} (messages and relative paths use it). */
    public static TunnelConfig parse(String text, Path pretendFile, ParseOptions options) throws ConfigException {
        return check(text, pretendFile, options).orThrow();
    }

    /** Reads and validates {@code file}, returning the configuration (if usable) and all diagnostics. */
    public static CheckResult check(Path file, ParseOptions options) {
        return new ConfigParser(options).interpret(file, IniReader.read(file));
    }

    /** {@link #check(Path, ParseOptions)} for text, as if read from {@code pretendFile}. */
    public static CheckResult check(String text, Path pretendFile, ParseOptions options) {
        return new ConfigParser(options).interpret(pretendFile, IniReader.read(text, pretendFile));
    }

    private CheckResult interpret(Path source, IniReader.Result raw) {
        diagnostics.addAll(raw.diagnostics());
        applyDefaults();
        List<ServiceDraft> drafts = new ArrayList<>();
        Map<String, SourceLocation> names = new HashMap<>();
        for (RawSection section : raw.sections()) {
            if (section.isGlobal()) {
                section.entries().forEach(this::globalEntry);
                continue;
            }
            if (names.putIfAbsent(section.name(), section.header()) != null) {
                diagnostics.add(new Diagnostic(Diagnostic.ERROR, section.header(), section.name(),
                        "Service [" + section.name() + "] is already defined at " + names.get(section.name()).file()
                                + ":" + names.get(section.name()).line()));
                continue;
            }
            ServiceDraft draft = serviceDefaults.copyFor(section.name(), section.header());
            section.entries().forEach(e -> serviceEntry(draft, e));
            drafts.add(draft);
        }
        List<ServiceConfig> services = build(drafts, raw);
        List<Diagnostic> all = distinct(diagnostics);
        boolean failed = all.stream().anyMatch(Diagnostic::isError);
        TunnelConfig config = failed ? null : new TunnelConfig(source, global.build(), services, all);
        return new CheckResult(source, config, all);
    }

    private List<ServiceConfig> build(List<ServiceDraft> drafts, IniReader.Result raw) {
        if (drafts.isEmpty() && raw.sections().stream().allMatch(RawSection::isGlobal)) {
            diagnostics.add(new Diagnostic(Diagnostic.ERROR, null, null, "No services defined: add a [service] section"));
        }
        List<ServiceConfig> services = new ArrayList<>();
        Map<Endpoint, String> bound = new LinkedHashMap<>();
        for (ServiceDraft draft : drafts) {
            if (!ServiceChecks.check(draft, diagnostics)) {
                continue;
            }
            ServiceConfig service = draft.build();
            Endpoint listen = new Endpoint(service.accept().host(), service.accept().port(), null);
            String other = listen.port() == 0 ? null : bound.putIfAbsent(listen, service.name());
            if (other != null) {
                diagnostics.add(new Diagnostic(Diagnostic.ERROR, draft.setAt("accept"), service.name(),
                        "accept " + listen.hostPort() + " is already used by service [" + other + "]"));
            }
            services.add(service);
        }
        return services;
    }

    private void applyDefaults() {
        applyDefaults(serviceDefaults, global);
    }

    /** Fills both drafts with the built-in defaults, parsed from the table like any other value. */
    static void applyDefaults(ServiceDraft service, GlobalDraft globalDraft) {
        for (Option<?> option : Options.all()) {
            if (option.defaultValue() == null) {
                continue;
            }
            try {
                Object value = option.parseDefault();
                if (option.appliesToService()) {
                    option.applyTo(service, value);
                }
                if (option.appliesToGlobal()) {
                    option.applyTo(globalDraft, value);
                }
            } catch (OptionValueException e) {
                throw new IllegalStateException("built-in default of " + option.name() + " is invalid: " + e.getMessage(), e);
            }
        }
    }

    private void globalEntry(RawEntry entry) {
        Option<?> option = lookup(entry);
        if (option == null) {
            return;
        }
        Object value = parse(option, entry);
        if (value == REJECTED) {
            serviceDefaults.markRejected(option.name());
        }
        if (value == REJECTED || value == IGNORED) {
            return;
        }
        try {
            if (option.scope() == Scope.SERVICE) {
                option.applyTo(serviceDefaults, value);
                serviceDefaults.markSet(option.name(), entry.location());
            }
            if (option.appliesToGlobal()) {
                option.applyTo(global, value);
            }
        } catch (OptionValueException e) {
            reject(entry, e);
        }
    }

    private void serviceEntry(ServiceDraft draft, RawEntry entry) {
        Option<?> option = lookup(entry);
        if (option == null) {
            return;
        }
        if (option.scope() == Scope.GLOBAL) {
            notValidHere(entry);
            return;
        }
        Object value = parse(option, entry);
        if (value == REJECTED) {
            draft.markRejected(option.name());
        }
        if (value == REJECTED || value == IGNORED) {
            return;
        }
        try {
            option.applyTo(draft, value);
            draft.markSet(option.name(), entry.location());
        } catch (OptionValueException e) {
            reject(entry, e);
        }
    }

    /** {@link #parse} result: the value was an error (reported). */
    private static final Object REJECTED = new Object();
    /** {@link #parse} result: the value is unsupported and was ignored with a warning (lenient mode). */
    private static final Object IGNORED = new Object();

    private Option<?> lookup(RawEntry entry) {
        Option<?> option = Options.find(entry.key());
        if (option == null) {
            notValidHere(entry);
            return null;
        }
        if (option.support() == Support.UNSUPPORTED) {
            unsupported(entry, "Option \"" + option.name() + "\" is not supported: " + option.help());
            return null;
        }
        return option;
    }

    /** Parses the value; returns {@link #REJECTED} or {@link #IGNORED} when it can't be used (and was reported). */
    private Object parse(Option<?> option, RawEntry entry) {
        Path file = entry.file().toAbsolutePath();
        ValueContext ctx = ValueContext.forFile(option.name(), file.getParent());
        try {
            Object value = option.parse(entry.value(), ctx);
            ctx.warnings().forEach(w -> diagnostics.add(new Diagnostic(Diagnostic.WARNING, entry.location(), null, w)));
            return value;
        } catch (OptionValueException e) {
            return reject(entry, e) ? REJECTED : IGNORED;
        }
    }

    /** Reports a value that can't be used; returns true when that is an error (false: a lenient warning). */
    private boolean reject(RawEntry entry, OptionValueException e) {
        if (e.isUnsupported()) {
            return unsupported(entry, e.getMessage());
        }
        diagnostics.add(new Diagnostic(Diagnostic.ERROR, entry.location(), null, e.getMessage()));
        return true;
    }

    /** Reports an unsupported option or value; returns true when that is an error (strict mode). */
    private boolean unsupported(RawEntry entry, String message) {
        diagnostics.add(options.lenient()
                ? new Diagnostic(Diagnostic.WARNING, entry.location(), null, message + "; ignored")
                : new Diagnostic(Diagnostic.ERROR, entry.location(), null, message + " (ignored in lenient mode)"));
        return !options.lenient();
    }

    private void notValidHere(RawEntry entry) {
        diagnostics.add(new Diagnostic(Diagnostic.ERROR, entry.location(), null, "Specified option name is not valid here"));
    }

    private static List<Diagnostic> distinct(List<Diagnostic> list) {
        Map<String, Diagnostic> seen = new LinkedHashMap<>();
        for (Diagnostic d : list) {
            seen.putIfAbsent(d.severity() + d.format(), d);
        }
        return List.copyOf(seen.values());
    }
}
