package edu.tinynet.tunnel.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The option table: every stunnel option this implementation knows, supported or not, as one
 * {@link Option} descriptor each. Parsing, defaults, validation, {@link #renderHelp()} and the check
 * report ({@link ConfigReport}) all read this table.
 *
 * <p>Relative paths ({@code cert}, {@code key}, {@code CAfile}, {@code CApath}, {@code CRLfile},
 * {@code output}, {@code pid}, {@code include}) are resolved against the directory of the file the
 * option is written in. stunnel resolves them against its working directory; resolving against the
 * file makes a configuration work wherever {@code tunnel} is started from.
 *
 * <p>Each public constant is the descriptor of the stunnel option of the same name. Engine code reads
 * the resulting records ({@link TunnelConfig}, {@link ServiceConfig}); the descriptors are public for
 * the CLI, tools and tests. Entry points: {@link #all()}, {@link #find(String)}, {@link #renderHelp()}.
 */
public final class Options {

    private static final List<Option<?>> TABLE = new ArrayList<>();

    // ---------------------------------------------------------------- global options

    /** {@code include = DIR}: read the files in DIR, in alphabetical order (done by {@link IniReader}). */
    public static final Option<Path> INCLUDE = add(Option.global("include", Values::path)
            .syntax("DIRECTORY")
            .help("Read every file in DIRECTORY, in alphabetical order, as if written here. "
                    + "Relative to this file's directory."));

    public static final Option<Integer> DEBUG = add(Option.service("debug", LogLevels::parse)
            .syntax("[FACILITY.]LEVEL").byDefault("notice")
            .help("Log level: 0..7 or emerg, alert, crit, err, warning, notice, info, debug. In the global section "
                    + "it sets the process log level and the default for every service. A syslog FACILITY is "
                    + "accepted and ignored (no syslog output).")
            .support(Support.APPROXIMATED)
            .toService((d, v) -> d.debugLevel = v)
            .toGlobal((g, v) -> g.debugLevel = v)
            .show(s -> LogLevels.describe(s.debugLevel()))
            .showGlobal(g -> LogLevels.describe(g.debugLevel())));

    public static final Option<Path> OUTPUT = add(Option.global("output", Values::optionalPath)
            .syntax("FILE")
            .help("Append log lines to FILE (/dev/stdout allowed). Without it logs go to stderr.")
            .toGlobal((g, v) -> g.output = v)
            .showGlobal(g -> g.output() == null ? "(none: stderr)" : g.output().toString()));

    public static final Option<Boolean> LOG = add(Option.global("log", Options::appendOrOverwrite)
            .syntax("append | overwrite").byDefault("append")
            .help("Whether the output file is appended to or truncated at start.")
            .toGlobal((g, v) -> g.appendLog = v)
            .showGlobal(g -> g.appendLog() ? "append" : "overwrite"));

    public static final Option<Path> PID = add(Option.global("pid", Values::optionalPath)
            .syntax("FILE")
            .help("Write the process id to FILE; empty or unset: no pid file.")
            .toGlobal((g, v) -> g.pid = v)
            .showGlobal(g -> Values.orNone(g.pid())));

    public static final Option<GlobalSettings.Foreground> FOREGROUND = add(Option.global("foreground", Options::foreground)
            .syntax("yes | quiet | no").byDefault("no")
            .help("A JVM never forks, so this only decides whether logs also go to stderr (yes) or not (quiet, no).")
            .support(Support.APPROXIMATED)
            .toGlobal((g, v) -> g.foreground = v)
            .showGlobal(g -> g.foreground().name().toLowerCase(Locale.ROOT)));

    public static final Option<String> SERVICE_NAME = add(Option.global("service", Values::word)
            .syntax("NAME").byDefault("stunnel")
            .help("Name the process logs under (stunnel's syslog ident).")
            .toGlobal((g, v) -> g.syslogIdent = v)
            .showGlobal(GlobalSettings::syslogIdent));

    // ---------------------------------------------------------------- endpoints and routing

    public static final Option<Boolean> CLIENT = add(Option.service("client", Values::bool)
            .syntax("yes | no").byDefault("no")
            .help("yes: accept plaintext and connect with TLS; no: accept TLS and connect in plaintext.")
            .toService((d, v) -> d.client = v)
            .show(s -> Values.yesNo(s.client())));

    public static final Option<Endpoint> ACCEPT = add(Option.service("accept", Addresses::accept)
            .syntax("[HOST:]PORT")
            .help("Where to listen. Without HOST: all IPv4 addresses (0.0.0.0); :::PORT for all IPv6 addresses; "
                    + "[::1]:PORT for an IPv6 literal. Port 0 picks a free port. Host names are resolved at start. "
                    + "One accept per service.")
            .toService(Options::setAccept)
            .show(s -> s.accept().hostPort()));

    public static final Option<Endpoint> CONNECT = add(Option.service("connect", Addresses::connect)
            .syntax("[HOST:]PORT")
            .help("Where to connect; repeat for several addresses (see failover). Without HOST: localhost.")
            .toService((d, v) -> d.connect.add(v))
            .show(s -> s.connect().stream().map(Endpoint::hostPort).collect(Collectors.joining(", "))));

    public static final Option<Failover> FAILOVER = add(Option.service("failover", Options::failover)
            .syntax("rr | prio").byDefault("prio")
            .help("With several connect addresses: prio tries them in order, rr rotates between them.")
            .toService((d, v) -> d.failover = v)
            .show(s -> s.failover().name().toLowerCase(Locale.ROOT)));

    public static final Option<Boolean> DELAY = add(Option.service("delay", Values::bool)
            .syntax("yes | no").byDefault("no")
            .help("Resolve connect host names for every connection instead of once at start (forces failover = prio).")
            .toService((d, v) -> d.delay = v)
            .show(s -> Values.yesNo(s.delay())));

    public static final Option<String> LOCAL = add(Option.service("local", Values::word)
            .syntax("HOST")
            .help("Source address for outgoing connections.")
            .toService((d, v) -> d.local = v)
            .show(s -> Values.orNone(s.local())));

    // ---------------------------------------------------------------- identity and trust

    public static final Option<Path> CERT = add(Option.service("cert", Values::optionalPath)
            .syntax("FILE")
            .help("Certificate chain (PEM, may also hold the key, or PKCS#12), leaf first. Required in server mode. "
                    + "Relative to this file's directory.")
            .toService((d, v) -> d.cert = v)
            .show(s -> Values.orNone(s.tls().cert())));

    public static final Option<Path> KEY = add(Option.service("key", Values::optionalPath)
            .syntax("FILE")
            .help("Private key (PEM). Default: the cert file, so one PEM can hold key and certificate.")
            .toService((d, v) -> {
                d.key = v;
                d.keySet = v != null;
            })
            .show(s -> Values.orNone(s.tls().key())));

    public static final Option<Path> CA_FILE = add(Option.service("CAfile", Values::optionalPath)
            .syntax("FILE")
            .help("Trusted certificates (PEM) for verifyChain / verifyPeer; a server also sends their names as "
                    + "acceptable client CAs. Empty: none (overrides a global default).")
            .toService((d, v) -> d.caFile = v)
            .show(s -> Values.orNone(s.tls().caFile())));

    public static final Option<Path> CA_PATH = add(Option.service("CApath", Values::optionalPath)
            .syntax("DIRECTORY")
            .help("Directory of trusted certificates; every certificate in it is loaded (OpenSSL hash names not needed).")
            .toService((d, v) -> d.caPath = v)
            .show(s -> Values.orNone(s.tls().caPath())));

    public static final Option<Path> CRL_FILE = add(Option.service("CRLfile", Values::optionalPath)
            .syntax("FILE")
            .help("Certificate revocation lists (PEM) checked during chain verification.")
            .toService((d, v) -> d.crlFile = v)
            .show(s -> Values.orNone(s.tls().crlFile())));

    // ---------------------------------------------------------------- peer verification

    public static final Option<Integer> VERIFY = add(Option.service("verify", TlsValues::verifyLevel)
            .syntax("none | 0..4").byDefault("none")
            .help("Legacy verification level: 0 request a peer certificate and ignore the result; 1 verify it if "
                    + "present; 2 require it and verify the chain; 3 like 2 and the leaf must be in CAfile/CApath; "
                    + "4 require it and only check that the leaf is in CAfile/CApath. Sets verifyChain, verifyPeer "
                    + "and requireCert.")
            .toService((d, v) -> TlsValues.applyVerifyLevel(d, v)));

    public static final Option<Boolean> VERIFY_CHAIN = add(Option.service("verifyChain", Values::bool)
            .syntax("yes | no").byDefault("no")
            .help("Verify the peer's chain up to a root in CAfile/CApath. yes also sets requireCert = yes. "
                    + "A client should add checkHost or checkIP.")
            .toService((d, v) -> {
                d.verifyChain = v;
                requireIfSet(d, v);
            })
            .show(s -> Values.yesNo(s.tls().verification().verifyChain())));

    public static final Option<Boolean> VERIFY_PEER = add(Option.service("verifyPeer", Values::bool)
            .syntax("yes | no").byDefault("no")
            .help("The peer's own certificate must be in CAfile/CApath (pinning). yes also sets requireCert = yes.")
            .toService((d, v) -> {
                d.verifyPeer = v;
                requireIfSet(d, v);
            })
            .show(s -> Values.yesNo(s.tls().verification().verifyPeer())));

    public static final Option<Boolean> REQUIRE_CERT = add(Option.service("requireCert", Values::bool)
            .syntax("yes | no").byDefault("no")
            .help("Server mode: refuse clients without a certificate. Implied by verifyChain / verifyPeer.")
            .toService((d, v) -> {
                d.requireCert = v;
                d.requestCert |= v;
            })
            .show(s -> Values.yesNo(s.tls().verification().requireCert())));

    public static final Option<String> CHECK_HOST = add(Option.service("checkHost", Values::hostName)
            .syntax("HOST")
            .help("The peer certificate must be valid for HOST; repeatable, OR'd with checkIP and checkEmail.")
            .toService((d, v) -> d.checkHost.add(v))
            .show(s -> joinOrNone(s.tls().verification().checkHost())));

    public static final Option<String> CHECK_IP = add(Option.service("checkIP", Values::ipLiteral)
            .syntax("IP")
            .help("The peer certificate must be valid for this IP address; repeatable, OR'd.")
            .toService((d, v) -> d.checkIp.add(v))
            .show(s -> joinOrNone(s.tls().verification().checkIp())));

    public static final Option<String> CHECK_EMAIL = add(Option.service("checkEmail", Values::email)
            .syntax("EMAIL")
            .help("The peer certificate must be valid for this e-mail address; repeatable, OR'd.")
            .toService((d, v) -> d.checkEmail.add(v))
            .show(s -> joinOrNone(s.tls().verification().checkEmail())));

    // ---------------------------------------------------------------- TLS parameters

    public static final Option<TlsValues.Range> SSL_VERSION = add(Option.service("sslVersion", TlsValues::sslVersion)
            .syntax("all | SSLv3 | TLSv1 | TLSv1.1 | TLSv1.2 | TLSv1.3")
            .help("Sets both sslVersionMin and sslVersionMax.")
            .toService((d, v) -> {
                d.minVersion = v.min();
                d.maxVersion = v.max();
            }));

    public static final Option<TlsVersion> SSL_VERSION_MIN = add(Option.service("sslVersionMin", TlsValues::sslVersionMin)
            .syntax("all | SSLv3 | TLSv1 | TLSv1.1 | TLSv1.2 | TLSv1.3").byDefault("TLSv1.2")
            .help("Lowest protocol version. Our default is TLSv1.2 (stunnel's is TLSv1); lower versions must be "
                    + "configured and are warned about.")
            .toService((d, v) -> d.minVersion = v)
            .show(s -> s.tls().minVersion().stunnelName()));

    public static final Option<TlsVersion> SSL_VERSION_MAX = add(Option.service("sslVersionMax", TlsValues::sslVersionMax)
            .syntax("all | SSLv3 | TLSv1 | TLSv1.1 | TLSv1.2 | TLSv1.3").byDefault("TLSv1.3")
            .help("Highest protocol version.")
            .toService((d, v) -> d.maxVersion = v)
            .show(s -> s.tls().maxVersion().stunnelName()));

    public static final Option<TlsValues.Ciphers> CIPHERS = add(Option.service("ciphers", TlsValues::ciphers)
            .syntax("OPENSSL-CIPHER-STRING").byDefault(CipherStrings.DEFAULT)
            .help("TLS 1.2 and older suites, as an OpenSSL cipher string (keywords such as HIGH, ECDHE, AESGCM, "
                    + "!aNULL, +, -, @STRENGTH; OpenSSL or IANA suite names), translated to Java suite names and "
                    + "limited to what this Java runtime supports. An unknown keyword is an error. Our default "
                    + "adds !kRSA:!kECDH to stunnel's " + CipherStrings.STUNNEL_DEFAULT
                    + " so that only forward-secret suites are offered.")
            .toService((d, v) -> {
                d.ciphers = v.text();
                d.cipherSuites = v.suites();
            })
            .show(s -> s.tls().ciphers()));

    public static final Option<TlsValues.Tls13> CIPHERSUITES = add(Option.service("ciphersuites", TlsValues::ciphersuites)
            .syntax("SUITE[:SUITE...]").byDefault(CipherStrings.DEFAULT_TLS13)
            .help("TLS 1.3 suites (IANA names). Our default lists AES-GCM before ChaCha20, which is slow on Java 17.")
            .toService((d, v) -> {
                d.tls13Spec = v.text();
                d.tls13CipherSuites = v.suites();
            })
            .show(s -> String.join(":", s.tls().tls13CipherSuites())));

    public static final Option<List<String>> CURVES = add(Option.service("curves", NamedGroups::parse)
            .syntax("GROUP[:GROUP...]").byDefault("X25519:P-256:X448:P-521:P-384")
            .help("Key-exchange groups (OpenSSL names X25519, X448, P-256/prime256v1, P-384/secp384r1, "
                    + "P-521/secp521r1, ffdhe2048..8192), in preference order.")
            .toService((d, v) -> d.curves = v)
            .show(s -> String.join(":", s.tls().curves())));

    public static final Option<String> SNI = add(Option.service("sni", TlsValues::sni)
            .syntax("NAME")
            .help("Client mode: the server name to send. Empty: send none. Unset: the connect host when it is a "
                    + "name (never an IP address). Server-side SERVICE:PATTERN is not supported.")
            .toService((d, v) -> d.sni = v)
            .show(s -> s.tls().sni() == null ? "(connect host name)" : s.tls().sni().isEmpty() ? "(none)" : s.tls().sni()));

    public static final Option<Integer> SESSION_CACHE_SIZE = add(Option.service("sessionCacheSize", Values::count)
            .syntax("NUMBER").byDefault("1000")
            .help("Number of TLS sessions kept for resumption; 0: unlimited.")
            .toService((d, v) -> d.sessionCacheSize = v)
            .show(s -> Integer.toString(s.tls().sessionCacheSize())));

    public static final Option<java.time.Duration> SESSION_CACHE_TIMEOUT =
            add(Option.service("sessionCacheTimeout", Values::seconds)
            .syntax("SECONDS").byDefault("300")
            .help("How long a cached TLS session may be resumed.")
            .toService((d, v) -> d.sessionCacheTimeout = v)
            .show(s -> Values.seconds(s.tls().sessionCacheTimeout())));

    public static final Option<Boolean> RENEGOTIATION = add(Option.service("renegotiation", Options::renegotiation)
            .syntax("yes | no").byDefault("no")
            .help("Allow TLS 1.2 renegotiation. Our default is no (stunnel's is yes); yes is warned about.")
            .toService((d, v) -> d.renegotiation = v)
            .show(s -> Values.yesNo(s.tls().renegotiation())));

    // ---------------------------------------------------------------- timeouts

    public static final Option<java.time.Duration> TIMEOUT_BUSY = add(timeout("TIMEOUTbusy", "300",
            "Longest wait for expected data (handshake, a pending write).", (d, v) -> d.timeoutBusy = v)
            .show(s -> Values.seconds(s.timeouts().busy())));

    public static final Option<java.time.Duration> TIMEOUT_CLOSE = add(timeout("TIMEOUTclose", "60",
            "Longest wait for the peer's close_notify; 0 for peers that never send it.", (d, v) -> d.timeoutClose = v)
            .show(s -> Values.seconds(s.timeouts().close())));

    public static final Option<java.time.Duration> TIMEOUT_CONNECT = add(timeout("TIMEOUTconnect", "10",
            "Longest wait for a connect to a remote address.", (d, v) -> d.timeoutConnect = v)
            .show(s -> Values.seconds(s.timeouts().connect())));

    public static final Option<java.time.Duration> TIMEOUT_IDLE = add(timeout("TIMEOUTidle", "43200",
            "Longest time a connection may carry no data.", (d, v) -> d.timeoutIdle = v)
            .show(s -> Values.seconds(s.timeouts().idle())));

    // ---------------------------------------------------------------- sockets

    public static final Option<SocketOptionSetting> SOCKET = add(Option.service("socket", SocketOptions::parse)
            .syntax("a|l|r:OPTION=VALUE")
            .help("Socket option for the accepting (a), local (l) or remote (r) socket; repeatable. Supported: "
                    + String.join(", ", SocketOptions.supportedNames()) + ". SO_LINGER takes ONOFF:SECONDS.")
            .toService((d, v) -> d.socketOptions.add(v))
            .show(s -> s.socketOptions().isEmpty() ? "(none)" : s.socketOptions().stream()
                    .map(o -> o.target() + ":" + o.name() + "=" + o.value()).collect(Collectors.joining(", "))));

    public static final Option<Boolean> RESET = add(Option.service("reset", Values::bool)
            .syntax("yes | no").byDefault("yes")
            .help("Signal errors to the peer with a TCP reset.")
            .toService((d, v) -> d.reset = v)
            .show(s -> Values.yesNo(s.reset())));

    // ---------------------------------------------------------------- known, not implemented

    static {
        String gui = "Windows GUI option";
        unsupportedGlobal("chroot", "a JVM cannot chroot; run it in a container or as an unprivileged user");
        unsupportedGlobal("compression", "TLS compression is insecure (CRIME) and Java does not implement it");
        unsupportedGlobal("EGD", "the JVM seeds its own SecureRandom");
        unsupportedGlobal("RNDbytes", "the JVM seeds its own SecureRandom");
        unsupportedGlobal("RNDfile", "the JVM seeds its own SecureRandom");
        unsupportedGlobal("RNDoverwrite", "the JVM seeds its own SecureRandom");
        unsupportedGlobal("engine", "OpenSSL engines do not exist in Java");
        unsupportedGlobal("engineCtrl", "OpenSSL engines do not exist in Java");
        unsupportedGlobal("engineDefault", "OpenSSL engines do not exist in Java");
        unsupportedGlobal("provider", "OpenSSL providers do not exist in Java");
        unsupportedGlobal("providerParameter", "OpenSSL providers do not exist in Java");
        unsupportedGlobal("fips", "FIPS mode is a setting of the Java security providers");
        unsupportedGlobal("syslog", "syslog output is not implemented; use output");
        unsupportedGlobal("iconActive", gui);
        unsupportedGlobal("iconError", gui);
        unsupportedGlobal("iconIdle", gui);
        unsupportedGlobal("taskbar", gui);
        unsupportedService("setuid", "a JVM cannot change its user; start it as the right user");
        unsupportedService("setgid", "a JVM cannot change its group; start it as the right user");
        unsupportedService("setEnv", "running local programs (exec) is not implemented");
        unsupportedService("exec", "running local programs (inetd style) is not implemented");
        unsupportedService("execArgs", "running local programs (inetd style) is not implemented");
        unsupportedService("pty", "running local programs (inetd style) is not implemented");
        unsupportedService("retry", "running local programs (inetd style) is not implemented");
        unsupportedService("transparent", "transparent proxying needs OS features a JVM cannot use");
        unsupportedService("libwrap", "TCP wrappers are not available in Java");
        unsupportedService("ident", "RFC 1413 ident lookups are not implemented");
        unsupportedService("logId", "connection ids are always sequential");
        unsupportedService("stack", "thread stacks are managed by the JVM");
        unsupportedService("redirect", "redirecting failed authentications is not implemented");
        unsupportedService("engineId", "OpenSSL engines do not exist in Java");
        unsupportedService("engineNum", "OpenSSL engines do not exist in Java");
        unsupportedService("CAengine", "OpenSSL engines do not exist in Java");
        unsupportedService("CAstore", "OpenSSL stores do not exist in Java");
        unsupportedService("config", "raw OpenSSL SSL_CONF commands have no Java equivalent");
        unsupportedService("options", "OpenSSL SSL_OP_* flags have no Java equivalent; use sslVersionMin and ciphers");
        unsupportedService("securityLevel", "the Java runtime's jdk.tls.disabledAlgorithms applies instead");
        unsupportedService("curve", "replaced by curves");
        unsupportedService("CRLpath", "hashed CRL directories are not implemented; use CRLfile");
        for (String ocsp : List.of("OCSP", "OCSPaia", "OCSPflag", "OCSPnonce", "OCSPrequire", "TIMEOUTocsp")) {
            unsupportedService(ocsp, "OCSP checking is not implemented");
        }
        for (String protocol : List.of("protocol", "protocolAuthentication", "protocolDomain", "protocolHeader",
                "protocolHost", "protocolPassword", "protocolUsername")) {
            unsupportedService(protocol, "protocol negotiation (STARTTLS, CONNECT, PROXY) is not implemented");
        }
        unsupportedService("PSKidentity", "TLS pre-shared keys are not implemented");
        unsupportedService("PSKsecrets", "TLS pre-shared keys are not implemented");
        unsupportedService("sessionResume", "session resumption is always allowed");
        unsupportedService("sessiond", "an external session cache is not implemented");
        unsupportedService("ticketKeySecret", "shared session-ticket keys are not implemented");
        unsupportedService("ticketMacSecret", "shared session-ticket keys are not implemented");
    }

    private static final Map<String, Option<?>> BY_NAME = index();

    private Options() {
    }

    /** Every option in the table, in table order (supported options first, grouped by topic). */
    public static List<Option<?>> all() {
        return Collections.unmodifiableList(TABLE);
    }

    /** The option called {@code name} (case-insensitive, as in stunnel), or null. */
    public static Option<?> find(String name) {
        return BY_NAME.get(name.toLowerCase(Locale.ROOT));
    }

    /** The {@code --help} text: every option with syntax, default, support status and help. */
    public static String renderHelp() {
        return HelpRenderer.render(TABLE);
    }

    // ---------------------------------------------------------------- helpers

    private static <T> Option<T> add(Option.Builder<T> builder) {
        Option<T> option = builder.build();
        TABLE.add(option);
        return option;
    }

    private static void unsupportedGlobal(String name, String reason) {
        add(Option.global(name, Values::text).syntax("...").help(reason).support(Support.UNSUPPORTED));
    }

    private static void unsupportedService(String name, String reason) {
        add(Option.service(name, Values::text).syntax("...").help(reason).support(Support.UNSUPPORTED));
    }

    private static Map<String, Option<?>> index() {
        Map<String, Option<?>> map = new LinkedHashMap<>();
        for (Option<?> option : TABLE) {
            if (map.put(option.name().toLowerCase(Locale.ROOT), option) != null) {
                throw new IllegalStateException("duplicate option " + option.name());
            }
        }
        return map;
    }

    private static Option.Builder<java.time.Duration> timeout(String name, String seconds, String help,
            Applier<ServiceDraft, java.time.Duration> applier) {
        return Option.service(name, Values::seconds).syntax("SECONDS").byDefault(seconds).help(help).toService(applier);
    }

    private static void setAccept(ServiceDraft d, Endpoint endpoint) throws OptionValueException {
        if (d.isOwn("accept")) {
            throw OptionValueException.unsupported("Only one accept address per service is supported");
        }
        d.accept = endpoint;
    }

    private static void requireIfSet(ServiceDraft d, boolean value) {
        if (value) {
            d.requireCert = true;
            d.requestCert = true;
        }
    }

    private static String joinOrNone(List<String> values) {
        return values.isEmpty() ? "(none)" : String.join(", ", values);
    }

    private static Boolean renegotiation(String value, ValueContext ctx) throws OptionValueException {
        Boolean allowed = Values.bool(value, ctx);
        if (allowed) {
            ctx.warn("TLS renegotiation enabled: peer-initiated renegotiation invites denial-of-service attacks");
        }
        return allowed;
    }

    private static Boolean appendOrOverwrite(String value, ValueContext ctx) throws OptionValueException {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "append" -> Boolean.TRUE;
            case "overwrite" -> Boolean.FALSE;
            default -> throw ctx.illegal("log mode", value, "use append or overwrite");
        };
    }

    private static GlobalSettings.Foreground foreground(String value, ValueContext ctx) throws OptionValueException {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "yes" -> GlobalSettings.Foreground.YES;
            case "quiet" -> GlobalSettings.Foreground.QUIET;
            case "no" -> GlobalSettings.Foreground.NO;
            default -> throw ctx.illegal("foreground mode", value, "use yes, quiet or no");
        };
    }

    private static Failover failover(String value, ValueContext ctx) throws OptionValueException {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "prio" -> Failover.PRIO;
            case "rr" -> Failover.RR;
            default -> throw ctx.illegal("failover strategy", value, "use prio or rr");
        };
    }
}
