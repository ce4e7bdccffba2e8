package edu.tinynet.tunnel.config;

import java.util.Objects;
import java.util.function.Function;

/**
 * One stunnel option: its name, where it may appear, how its value is parsed and validated, its
 * default, how it is stored, how it is shown in the check report, and its help text. Every behaviour of
 * the configuration layer (parsing, defaults, {@code --help}, {@code check}) is driven by the
 * {@link Options} table of these descriptors.
 *
 * @param <T> the parsed value type
 */
public final class Option<T> {

    private final String name;
    private final Scope scope;
    private final Support support;
    private final String syntax;
    private final String defaultValue;
    private final String help;
    private final ValueParser<T> parser;
    private final Applier<ServiceDraft, T> toService;
    private final Applier<GlobalDraft, T> toGlobal;
    private final Function<ServiceConfig, String> showService;
    private final Function<GlobalSettings, String> showGlobal;

    private Option(Builder<T> b) {
        this.name = Objects.requireNonNull(b.name);
        this.scope = Objects.requireNonNull(b.scope);
        this.support = Objects.requireNonNull(b.support);
        this.syntax = Objects.requireNonNull(b.syntax, "syntax of " + b.name);
        this.defaultValue = b.defaultValue;
        this.help = Objects.requireNonNull(b.help, "help of " + b.name);
        this.parser = Objects.requireNonNull(b.parser);
        this.toService = b.toService;
        this.toGlobal = b.toGlobal;
        this.showService = b.showService;
        this.showGlobal = b.showGlobal;
    }

    /** Starts a service-level option (also valid in the global section, as a default for every service). */
    static <T> Builder<T> service(String name, ValueParser<T> parser) {
        return new Builder<>(name, Scope.SERVICE, parser);
    }

    /** Starts a global-only option. */
    static <T> Builder<T> global(String name, ValueParser<T> parser) {
        return new Builder<>(name, Scope.GLOBAL, parser);
    }

    /** The option name as stunnel spells it (lookup is case-insensitive, as in stunnel). */
    public String name() {
        return name;
    }

    public Scope scope() {
        return scope;
    }

    public Support support() {
        return support;
    }

    /** Value syntax for help, e.g. {@code yes | no} or {@code [HOST:]PORT}. */
    public String syntax() {
        return syntax;
    }

    /** The built-in default as option text, or null when the option is unset by default. */
    public String defaultValue() {
        return defaultValue;
    }

    /** One-paragraph help text, including any difference from stunnel. */
    public String help() {
        return help;
    }

    /** Parses and validates a value; throws with a message naming the option. */
    T parse(String value, ValueContext ctx) throws OptionValueException {
        return parser.parse(value, ctx);
    }

    /** Parses the built-in default; null when there is none. */
    T parseDefault() throws OptionValueException {
        return defaultValue == null ? null : parser.parse(defaultValue, ValueContext.forDefault(name));
    }

    boolean appliesToService() {
        return toService != null;
    }

    boolean appliesToGlobal() {
        return toGlobal != null;
    }

    void applyTo(ServiceDraft draft, Object value) throws OptionValueException {
        toService.apply(draft, cast(value));
    }

    void applyTo(GlobalDraft draft, Object value) throws OptionValueException {
        toGlobal.apply(draft, cast(value));
    }

    @SuppressWarnings("unchecked")
    private T cast(Object value) {
        return (T) value;
    }

    /** The effective value in a service, for the check report; null when not shown per service. */
    String show(ServiceConfig service) {
        return showService == null ? null : showService.apply(service);
    }

    /** The effective value in the global settings, for the check report; null when not shown. */
    String show(GlobalSettings global) {
        return showGlobal == null ? null : showGlobal.apply(global);
    }

    boolean shownPerService() {
        return showService != null;
    }

    boolean shownGlobally() {
        return showGlobal != null;
    }

    @Override
    public String toString() {
        return name;
    }

    /** Builds an {@link Option}; see {@link Options} for the table. */
    static final class Builder<T> {
        private final String name;
        private final Scope scope;
        private final ValueParser<T> parser;
        private Support support = Support.SUPPORTED;
        private String syntax;
        private String defaultValue;
        private String help;
        private Applier<ServiceDraft, T> toService;
        private Applier<GlobalDraft, T> toGlobal;
        private Function<ServiceConfig, String> showService;
        private Function<GlobalSettings, String> showGlobal;

        private Builder(String name, Scope scope, ValueParser<T> parser) {
            this.name = name;
            this.scope = scope;
            this.parser = parser;
        }

        Builder<T> syntax(String value) {
            this.syntax = value;
            return this;
        }

        Builder<T> byDefault(String value) {
            this.defaultValue = value;
            return this;
        }

        Builder<T> help(String value) {
            this.help = value;
            return this;
        }

        Builder<T> support(Support value) {
            this.support = value;
            return this;
        }

        Builder<T> toService(Applier<ServiceDraft, T> applier) {
            this.toService = applier;
            return this;
        }

        Builder<T> toGlobal(Applier<GlobalDraft, T> applier) {
            this.toGlobal = applier;
            return this;
        }

        Builder<T> show(Function<ServiceConfig, String> renderer) {
            this.showService = renderer;
            return this;
        }

        Builder<T> showGlobal(Function<GlobalSettings, String> renderer) {
            this.showGlobal = renderer;
            return this;
        }

        Option<T> build() {
            return new Option<>(this);
        }
    }
}
