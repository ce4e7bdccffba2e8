package edu.tinynet.lab;

import edu.tinynet.fixtures.ldap.EmbeddedLdap;
import edu.tinynet.fixtures.mail.EmbeddedMail;
import edu.tinynet.fixtures.mail.MailService;
import edu.tinynet.fixtures.mail.ReceivedMessage;
import edu.tinynet.fixtures.mail.RelayTarget;
import edu.tinynet.lab.tap.TapRelay;
import edu.tinynet.lab.tap.TapSummary;
import edu.tinynet.tunnel.config.ConfigException;
import edu.tinynet.tunnel.config.ConfigParser;
import edu.tinynet.tunnel.config.Endpoint;
import edu.tinynet.tunnel.config.ParseOptions;
import edu.tinynet.tunnel.config.ServiceConfig;
import edu.tinynet.tunnel.config.TunnelConfig;
import edu.tinynet.tunnel.log.LoggingTunnelListener;
import edu.tinynet.tunnel.log.StunnelLog;
import edu.tinynet.tunnel.service.ConnectionInfo;
import edu.tinynet.tunnel.service.Tunnel;
import edu.tinynet.tunnel.service.TunnelDaemon;
import edu.tinynet.tunnel.service.TunnelException;
import edu.tinynet.tunnel.service.TunnelListener;
import java.io.IOException;
import java.io.InputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * The embedded TinyNet lab: WebServer, LDAPhost, MailHost and Gateway in one process on loopback,
 * each host on its own address, the servers behind TLS tunnels run from the seed's stunnel
 * configurations, optionally with an eavesdropper on every hop between hosts.
 *
 * <pre>
 * try (Lab lab = Lab.builder().work(dir).freePorts().tap(true).start()) {
 *     String url = lab.ldapUrl();                 // ldap://127.0.0.1:PORT, WebServer's LDAP client side
 *     ...
 *     List&lt;TapSummary&gt; seen = lab.tapSummaries();
 * }
 * </pre>
 *
 * <h2>What runs</h2>
 * <ul>
 *   <li>LDAPhost: the directory server ({@link EmbeddedLdap}, the TinyNet address book) in plaintext
 *       on its own address, and the tunnel of {@code ldaphost.conf} (LDAPS in front of it).</li>
 *   <li>MailHost: IMAP and SMTP ({@link EmbeddedMail}) in plaintext; {@code mailhost.conf}'s IMAPS
 *       tunnel, plus an SMTPS tunnel that takes the Gateway's relayed mail (client certificate
 *       {@code gw.tinynet.edu} required).</li>
 *   <li>Gateway: SMTP submission ({@link EmbeddedMail} in relay mode), {@code gateway.conf}'s SMTPS
 *       tunnel, and a client-side tunnel that carries the relayed mail to MailHost over TLS.</li>
 *   <li>WebServer: {@code webserver.conf}'s client-side tunnels, where the applications connect:
 *       {@link #ldapUrl()}, {@link #imapUrl()}, {@link #smtpUrl()}. Each one verifies its server
 *       against TinyNetCA and the server's name.</li>
 * </ul>
 * Everything is plaintext on a host's own address and TLS between hosts. With {@link Builder#noTls}
 * the tunnels are replaced by plain TCP forwarders with the same addresses (the control
 * experiment); with {@link Builder#tap} a recording relay ({@link TapRelay}) sits on each hop.
 *
 * <p>The effective tunnel configurations are written to {@code WORK/conf/HOST.conf} and are exactly
 * what runs; each host's tunnel logs to {@code WORK/logs/HOST.log} in stunnel's format.
 *
 * <p>Thread-safe. {@link #close()} stops everything (idempotent).
 */
public final class Lab implements AutoCloseable {

    /**
     * A person who can log in everywhere in the lab: LDAP simple bind, IMAP and SMTP AUTH.
     *
     * @param uid      e.g. {@code alice}
     * @param dn       the LDAP entry
     * @param email    the mail address, also the mailbox
     * @param login    the IMAP/SMTP login
     * @param password the password, the same for LDAP and mail
     */
    public record User(String uid, String dn, String email, String login, String password) {
    }

    /** alice, bob and carol: the address book's people who have a password. */
    public static final List<User> USERS = List.of(
            new User("alice", EmbeddedLdap.DEMO_USER_DN, "alice@tinynet.edu", "alice", EmbeddedLdap.DEMO_PASSWORD),
            new User("bob", "uid=bob,ou=people,o=tinynet.edu", "bob@tinynet.edu", "bob", "builder-58-relay"),
            new User("carol", "uid=carol,ou=people,o=tinynet.edu", "carol@tinynet.edu", "carol", "carol-on-the-wire-19"));

    /** The demo user, alice. */
    public static final User DEMO_USER = USERS.get(0);

    /** The Gateway's login on MailHost for relaying. Its password is made for each run. */
    public static final String RELAY_LOGIN = "gateway";

    // ------------------------------------------------------------------ builder

    /** A builder with the defaults: work directory {@code lab-work}, ports +10000, TLS, no tap. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builder of a {@link Lab}. */
    public static final class Builder {
        private Path work = Path.of("lab-work");
        private int offset = LabPorts.DEFAULT_OFFSET;
        private boolean freePorts;
        private LabAddresses addresses;
        private boolean tap;
        private boolean noTls;
        private boolean renewCertificates;
        private final Map<LabHost, List<TunnelListener>> listeners = new EnumMap<>(LabHost.class);
        private Consumer<String> progress = s -> { };
        private Consumer<String> events = s -> { };

        private Builder() {
        }

        /** The work directory: certificates, effective configurations, logs, tap captures. */
        public Builder work(Path dir) {
            this.work = Objects.requireNonNull(dir, "dir");
            return this;
        }

        /** Ports are the seed's plus {@code offset} (default 10000; 0 is {@link #realPorts()}). */
        public Builder portOffset(int offset) {
            if (offset < 0) {
                throw new IllegalArgumentException("port offset must not be negative: " + offset);
            }
            this.offset = offset;
            this.freePorts = false;
            return this;
        }

        /** The seed's own ports (389, 636, ...): needs the right to bind ports below 1024. */
        public Builder realPorts() {
            return portOffset(0);
        }

        /** Ports chosen free by the system (for tests that run beside other programs). */
        public Builder freePorts() {
            this.freePorts = true;
            return this;
        }

        /** The hosts' addresses (default: {@link LabAddresses#detect()}). */
        public Builder addresses(LabAddresses addresses) {
            this.addresses = addresses;
            return this;
        }

        /** A recording relay on every hop between hosts. */
        public Builder tap(boolean tap) {
            this.tap = tap;
            return this;
        }

        /** Plain TCP forwarding in place of every tunnel: passwords cross the hops in clear text. */
        public Builder noTls(boolean noTls) {
            this.noTls = noTls;
            return this;
        }

        /** Make new certificates even when the work directory has valid ones. */
        public Builder renewCertificates(boolean renew) {
            this.renewCertificates = renew;
            return this;
        }

        /** Also tell {@code listener} every event of {@code host}'s tunnel (across restarts). */
        public Builder listener(LabHost host, TunnelListener listener) {
            listeners.computeIfAbsent(host, h -> new ArrayList<>()).add(Objects.requireNonNull(listener));
            return this;
        }

        /** Receives one line per start-up step. */
        public Builder progress(Consumer<String> progress) {
            this.progress = Objects.requireNonNull(progress);
            return this;
        }

        /** Receives one line per notable event while running (failed handshakes, unreachable servers). */
        public Builder events(Consumer<String> events) {
            this.events = Objects.requireNonNull(events);
            return this;
        }

        /**
         * Starts the lab.
         *
         * @throws LabException naming the component that failed and why; nothing is left running
         */
        public Lab start() throws LabException {
            Lab lab = new Lab(this);
            try {
                lab.startAll();
            } catch (LabException | RuntimeException e) {
                lab.close();
                throw e;
            }
            return lab;
        }
    }

    // ------------------------------------------------------------------ state

    private final Builder settings;
    private final Path work;
    private final boolean tls;
    private final boolean tapOn;
    private final Consumer<String> progress;
    private final Consumer<String> events;
    private final String relayPassword;
    private final Instant startedAt = Instant.now();

    private LabCertificates certs;
    private LabTopology topology;
    private EmbeddedLdap ldap;
    private EmbeddedMail mailHost;
    private EmbeddedMail gateway;
    private final Map<LabTopology.Hop, TapRelay> taps = new LinkedHashMap<>();
    private final Map<LabHost, HostTunnel> tunnels = new EnumMap<>(LabHost.class);
    private final Map<LabHost, TunnelConfig> configs = new EnumMap<>(LabHost.class);
    private Map<String, String> fixedSecrets = Map.of();
    private Duration startupTime;
    private boolean closed;

    private Lab(Builder b) {
        this.settings = b;
        this.work = b.work.toAbsolutePath().normalize();
        this.tls = !b.noTls;
        this.tapOn = b.tap;
        this.progress = b.progress;
        this.events = b.events;
        byte[] r = new byte[15];
        new SecureRandom().nextBytes(r);
        this.relayPassword = "relay-" + Base64.getUrlEncoder().withoutPadding().encodeToString(r);
    }

    private void startAll() throws LabException {
        long t0 = System.nanoTime();
        try {
            Files.createDirectories(work.resolve("conf"));
            Files.createDirectories(work.resolve("logs"));
        } catch (IOException e) {
            throw new LabException("work directory", "cannot create " + work + ": " + e.getMessage(), e);
        }
        progress.accept("work directory " + work);
        LabAddresses addresses = settings.addresses != null ? settings.addresses : LabAddresses.detect();
        progress.accept("addresses: " + addresses.describe());
        LabPorts ports;
        try {
            ports = settings.freePorts ? LabPorts.free(addresses) : LabPorts.offset(settings.offset, addresses);
        } catch (IOException | IllegalArgumentException e) {
            throw new LabException("ports", e.getMessage(), e);
        }
        topology = new LabTopology(addresses, ports, tapOn);
        checkPortsFree();

        // LDAPhost's directory server takes longest (schema loading): start it beside the rest
        CompletableFuture<EmbeddedLdap> ldapStart = CompletableFuture.supplyAsync(() -> EmbeddedLdap.builder()
                .bindAddress(addresses.text(LabHost.LDAPHOST))
                .ldapPort(ports.port(LabEndpoint.LDAP_BACKEND))
                .start());
        LabException failure = null;
        try {
            certs = LabCertificates.ensure(work.resolve("certs"), settings.renewCertificates, progress);
            progress.accept("certificates: " + certs.note());
            // the configurations before any server: a seed the lab cannot adapt stops everything
            for (LabHost h : LabHost.values()) {
                configs.put(h, writeConfig(h));
            }
            startMail();
            if (tapOn) {
                startTaps();
            }
            for (LabHost h : List.of(LabHost.LDAPHOST, LabHost.MAILHOST, LabHost.GATEWAY, LabHost.WEBSERVER)) {
                HostTunnel ht = new HostTunnel(h, configs.get(h));
                tunnels.put(h, ht);
                ht.start(ht.config);
                progress.accept(h.displayName() + " " + (tls ? "tunnel" : "plain forwarding") + ": "
                        + describeServices(ht.config));
            }
        } catch (LabException e) {
            failure = e;
        } catch (RuntimeException e) {
            failure = new LabException("lab", e.toString(), e);
        }
        // wait for the directory server in any case, so that close() can stop it
        try {
            ldap = ldapStart.get();
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (failure == null) {
                failure = new LabException(LabEndpoint.LDAP_BACKEND.title(),
                        c.getMessage() != null ? c.getMessage() : c.toString(), c);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (failure == null) {
                failure = new LabException(LabEndpoint.LDAP_BACKEND.title(), "interrupted while starting", e);
            }
        }
        if (failure != null) {
            throw failure;
        }
        progress.accept("LDAPhost directory server: " + topology.hostPort(LabEndpoint.LDAP_BACKEND) + " (base "
                + ldap.baseDn() + ", " + (ldap.startupTime().toMillis()) + " ms)");
        fixedSecrets = fixedSecrets();
        startupTime = Duration.ofNanos(System.nanoTime() - t0);
    }

    /** Tries every port first, so a busy one is reported with its owner before anything starts. */
    private void checkPortsFree() throws LabException {
        List<String> problems = new ArrayList<>();
        LabEndpoint first = null;
        for (LabEndpoint e : LabEndpoint.values()) {
            if (e.kind() == LabEndpoint.Kind.TAP && !tapOn) {
                continue;
            }
            InetSocketAddress a = topology.socket(e);
            try (ServerSocket s = new ServerSocket()) {
                s.setReuseAddress(true);
                s.bind(a);
            } catch (IOException ex) {
                String why = ex instanceof BindException && String.valueOf(ex.getMessage()).contains("ermission")
                        ? "port " + a.getPort() + " on " + a.getHostString() + " needs privileges (ports below 1024 need"
                                + " root or CAP_NET_BIND_SERVICE; leave out --real-ports for ports +10000)"
                        : ex instanceof BindException && String.valueOf(ex.getMessage()).contains("in use")
                                ? "port " + a.getPort() + " on " + a.getHostString() + " is in use"
                                : "cannot listen on " + a.getHostString() + ":" + a.getPort() + ": " + ex.getMessage();
                problems.add(problems.isEmpty() ? why : e.title() + ": " + why);
                if (first == null) {
                    first = e;
                }
            }
        }
        if (first != null) {
            String more = "";
            if (problems.size() > 1) {
                more = "; " + String.join("; ", problems.subList(1, Math.min(3, problems.size())))
                        + (problems.size() > 3 ? "; and " + (problems.size() - 3) + " more" : "")
                        + (problems.size() == LabEndpoint.values().length - (tapOn ? 0 : 4)
                                ? " (every port of the lab is taken: is another lab running?)" : "");
            }
            throw new LabException(first.title(), problems.get(0) + more);
        }
    }

    /** Writes (TLS) and parses a host's effective configuration. */
    private TunnelConfig writeConfig(LabHost h) throws LabException {
        String text;
        try {
            text = LabConfigs.effective(h, topology, certs);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new LabException(h.displayName() + " configuration", e.getMessage(), e);
        }
        Path file = configFile(h);
        try {
            if (tls) {
                Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
                Files.writeString(tmp, text, StandardCharsets.UTF_8);
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                return ConfigParser.parse(file, ParseOptions.STRICT);
            }
            return ConfigParser.parse(text, file, ParseOptions.STRICT);
        } catch (IOException e) {
            throw new LabException(h.displayName() + " configuration", "cannot write " + file + ": " + e.getMessage(), e);
        } catch (ConfigException e) {
            throw new LabException(h.displayName() + " configuration", e.getMessage(), e);
        }
    }

    private void startMail() throws LabException {
        LabAddresses a = topology.addresses();
        LabPorts p = topology.ports();
        try {
            EmbeddedMail.Builder mb = EmbeddedMail.builder()
                    .only(MailService.IMAP, MailService.SMTP)
                    .bindAddress(a.text(LabHost.MAILHOST))
                    .port(MailService.IMAP, p.port(LabEndpoint.MAIL_IMAP_BACKEND))
                    .port(MailService.SMTP, p.port(LabEndpoint.MAIL_SMTP_BACKEND))
                    .user(RELAY_LOGIN + "@tinynet.edu", RELAY_LOGIN, relayPassword);
            USERS.forEach(u -> mb.user(u.email(), u.login(), u.password()));
            mailHost = mb.start();
        } catch (RuntimeException e) {
            throw new LabException("MailHost mail server", e.getMessage(), e);
        }
        progress.accept("MailHost mail server: IMAP " + topology.hostPort(LabEndpoint.MAIL_IMAP_BACKEND) + ", SMTP "
                + topology.hostPort(LabEndpoint.MAIL_SMTP_BACKEND));
        try {
            EmbeddedMail.Builder gb = EmbeddedMail.builder()
                    .only(MailService.SMTP)
                    .bindAddress(a.text(LabHost.GATEWAY))
                    .port(MailService.SMTP, p.port(LabEndpoint.GW_SMTP_BACKEND))
                    .relayTo(RelayTarget.smtp(a.text(LabHost.GATEWAY), p.port(LabEndpoint.GW_RELAY))
                            .withCredentials(RELAY_LOGIN, relayPassword))
                    .relayRetry(Duration.ofMillis(200), Duration.ofSeconds(2))
                    .relayDrainTimeout(Duration.ofSeconds(3));
            USERS.forEach(u -> gb.user(u.email(), u.login(), u.password()));
            gateway = gb.start();
        } catch (RuntimeException e) {
            throw new LabException("Gateway mail server", e.getMessage(), e);
        }
        progress.accept("Gateway mail server: SMTP " + topology.hostPort(LabEndpoint.GW_SMTP_BACKEND)
                + ", relaying to MailHost through " + topology.hostPort(LabEndpoint.GW_RELAY));
    }

    private void startTaps() throws LabException {
        Path saveDir = work.resolve("tap");
        try {
            Files.createDirectories(saveDir);
            try (var old = Files.newDirectoryStream(saveDir, "*.bin")) {
                for (Path f : old) {
                    Files.delete(f);
                }
            }
        } catch (IOException e) {
            throw new LabException("taps", "cannot prepare " + saveDir + ": " + e.getMessage(), e);
        }
        for (LabTopology.Hop hop : LabTopology.HOPS) {
            try {
                TapRelay t = TapRelay.builder(hop.name(), topology.socket(hop.tapAt()), topology.socket(hop.target()))
                        .transparent()
                        .saveDir(saveDir)
                        .events(relayEvents("tap " + hop.name()))
                        .start();
                taps.put(hop, t);
            } catch (IOException e) {
                throw new LabException(hop.tapAt().title(), e.getMessage(), e);
            }
        }
        progress.accept("taps: " + taps.size() + " hops recorded, captures saved to " + saveDir);
    }

    private TapRelay.Events relayEvents(String who) {
        return new TapRelay.Events() {
            @Override
            public void targetUnreachable(String hop, int id, InetSocketAddress target, String reason) {
                events.accept(who + ": cannot reach " + target.getAddress().getHostAddress() + ":" + target.getPort()
                        + ": " + reason + " (connection reset)");
            }
        };
    }

    private String describeServices(TunnelConfig cfg) {
        List<String> parts = new ArrayList<>();
        for (ServiceConfig s : cfg.services()) {
            parts.add("[" + s.name() + "] " + s.accept().hostPort());
        }
        return String.join(", ", parts);
    }

    // ------------------------------------------------------------------ one host's tunnel

    /** A host's tunnel: a {@link Tunnel} from its configuration, or plain forwarders with {@code --no-tls}. */
    private final class HostTunnel {
        final LabHost host;
        final TunnelConfig config;
        final StunnelLog log;
        final CompositeTunnelListener listener;
        Tunnel tunnel;
        final List<TapRelay> forwarders = new ArrayList<>();

        HostTunnel(LabHost host, TunnelConfig config) throws LabException {
            this.host = host;
            this.config = config;
            Path logFile = logFile(host);
            try {
                this.log = StunnelLog.toFile(logFile, false, null);
            } catch (IOException e) {
                throw new LabException(host.displayName() + " tunnel", "cannot open log " + logFile + ": " + e.getMessage(), e);
            }
            List<TunnelListener> ls = new ArrayList<>();
            ls.add(new LoggingTunnelListener(log, () -> config.global().debugLevel()));
            ls.add(new EventReporter(host));
            ls.addAll(settings.listeners.getOrDefault(host, List.of()));
            this.listener = new CompositeTunnelListener(ls);
        }

        synchronized boolean running() {
            return tunnel != null || !forwarders.isEmpty();
        }

        synchronized void start(TunnelConfig cfg) throws LabException {
            if (running()) {
                throw new IllegalStateException(host.displayName() + "'s tunnel is already running");
            }
            String component = host.displayName() + " tunnel";
            if (tls) {
                Tunnel t = Tunnel.builder(TunnelDaemon.serviceTls(w -> log.log(StunnelLog.WARNING, w)))
                        .listener(listener)
                        .processors(1)
                        .build();
                try {
                    t.start(cfg);
                } catch (TunnelException e) {
                    t.close();
                    throw new LabException(component, e.getMessage(), e);
                }
                log.log(StunnelLog.NOTICE, "Configuration successful (" + (cfg.source() != null ? cfg.source() : "lab")
                        + ")");
                tunnel = t;
                return;
            }
            log.log(StunnelLog.WARNING, "--no-tls: the tunnels are bypassed; everything crosses the hops in clear text");
            try {
                for (ServiceConfig s : cfg.services()) {
                    Endpoint to = s.connect().get(0);
                    TapRelay.Events report = relayEvents(host.displayName() + " [" + s.name() + "] (plain)");
                    String svc = s.name();
                    TapRelay.Builder b = TapRelay.builder(host.displayName() + " [" + s.name() + "]",
                            new InetSocketAddress(s.accept().host(), s.accept().port()),
                            new InetSocketAddress(to.host(), to.port()))
                            .record(false)
                            .events(new TapRelay.Events() {
                                @Override
                                public void accepted(String hop, int id, InetSocketAddress client) {
                                    log.log(StunnelLog.NOTICE, svc + "-" + id, "Service [" + svc
                                            + "] accepted connection from " + client.getAddress().getHostAddress() + ":"
                                            + client.getPort() + " (--no-tls: plaintext)");
                                }

                                @Override
                                public void targetUnreachable(String hop, int id, InetSocketAddress target, String why) {
                                    log.log(StunnelLog.ERR, svc + "-" + id, "s_connect: connect " + target.getAddress()
                                            .getHostAddress() + ":" + target.getPort() + ": " + why);
                                    report.targetUnreachable(hop, id, target, why);
                                }

                                @Override
                                public void closed(String hop, int id, long toServer, long toClient) {
                                    log.log(StunnelLog.NOTICE, svc + "-" + id, "Connection closed: " + toServer
                                            + " byte(s) forwarded to the server, " + toClient + " to the client");
                                }
                            });
                    if (s.local() != null) {
                        b.sourceAddress(InetAddress.getByName(s.local()));
                    }
                    forwarders.add(b.start());
                    log.log(StunnelLog.NOTICE, "--no-tls: Service [" + s.name() + "] forwards " + s.accept().hostPort()
                            + " to " + to.hostPort() + " in plaintext");
                }
            } catch (IOException e) {
                forwarders.forEach(TapRelay::close);
                forwarders.clear();
                throw new LabException(component, e.getMessage(), e);
            }
        }

        synchronized void stop(Duration drain) {
            if (tunnel != null) {
                tunnel.stop(drain);
                tunnel = null;
                log.log(StunnelLog.NOTICE, "Terminated");
            }
            if (!forwarders.isEmpty()) {
                forwarders.forEach(TapRelay::close);
                forwarders.clear();
                log.log(StunnelLog.NOTICE, "--no-tls: forwarders stopped");
            }
        }

        void closeLog() {
            try {
                log.close();
            } catch (IOException ignored) {
                // nothing left to report to
            }
        }
    }

    /** Turns a tunnel's failures into one line each for {@link Builder#events}. */
    private final class EventReporter implements TunnelListener {
        private final LabHost host;

        EventReporter(LabHost host) {
            this.host = host;
        }

        @Override
        public void connectFailed(ConnectionInfo c, InetSocketAddress remote, String reason) {
            events.accept(host.displayName() + " tunnel [" + c.service() + "]: cannot connect to "
                    + remote.getAddress().getHostAddress() + ":" + remote.getPort() + ": " + reason);
        }

        @Override
        public void handshakeFailed(ConnectionInfo c, String reason) {
            events.accept(host.displayName() + " tunnel [" + c.service() + "]: TLS handshake with "
                    + c.peer().getAddress().getHostAddress() + " failed: " + reason);
        }

        @Override
        public void protocolMismatch(ConnectionInfo c, String hint) {
            events.accept(host.displayName() + " tunnel [" + c.service() + "]: " + hint);
        }
    }

    // ------------------------------------------------------------------ operations

    /**
     * Stops a host's tunnel (every service of its configuration), as if its stunnel was killed.
     * Connections through it are closed.
     */
    public void stopTunnel(LabHost host) {
        tunnelOf(host).stop(Duration.ZERO);
    }

    /** Starts a host's tunnel again from its effective configuration. */
    public void startTunnel(LabHost host) throws LabException {
        HostTunnel ht = tunnelOf(host);
        ht.start(ht.config);
    }

    /**
     * Restarts a host's tunnel presenting another certificate ({@code cert}: a combined key and
     * chain PEM file, mode 0600), e.g. one from another CA or for another name; the configuration
     * file in the work directory is left as it is. {@link #startTunnel(LabHost)} or this with
     * {@code null} goes back to the lab's certificate.
     */
    public void restartTunnel(LabHost host, Path cert) throws LabException {
        if (!tls) {
            throw new IllegalStateException("--no-tls: the tunnels are bypassed and present no certificate");
        }
        HostTunnel ht = tunnelOf(host);
        TunnelConfig cfg = ht.config;
        if (cert != null) {
            String text = LabConfigs.effective(host, LabConfigs.seed(host), topology, certs.caFile(), cert.toAbsolutePath());
            try {
                cfg = ConfigParser.parse(text, configFile(host), ParseOptions.STRICT);
            } catch (ConfigException e) {
                throw new LabException(host.displayName() + " configuration", e.getMessage(), e);
            }
        }
        ht.stop(Duration.ZERO);
        ht.start(cfg);
    }

    /** True while the host's tunnel (or its plain forwarders) runs. */
    public boolean tunnelRunning(LabHost host) {
        return tunnelOf(host).running();
    }

    private HostTunnel tunnelOf(LabHost host) {
        HostTunnel ht = tunnels.get(host);
        if (ht == null) {
            throw new IllegalStateException("the lab is not running");
        }
        return ht;
    }

    // ------------------------------------------------------------------ accessors

    /** The work directory (absolute). */
    public Path workDirectory() {
        return work;
    }

    /** Where the host's effective configuration is written ({@code WORK/conf/HOST.conf}; only with TLS). */
    public Path configFile(LabHost host) {
        return work.resolve("conf").resolve(host.seedFile());
    }

    /** The host's tunnel log, stunnel's format. */
    public Path logFile(LabHost host) {
        return work.resolve("logs").resolve(host.id() + ".log");
    }

    /** The directory tap captures are saved to (one file per connection and direction). */
    public Path tapDirectory() {
        return work.resolve("tap");
    }

    /** Addresses, ports and taps. */
    public LabTopology topology() {
        return topology;
    }

    /** The host's address. */
    public InetAddress address(LabHost host) {
        return topology.addresses().of(host);
    }

    /** Where an endpoint listens. */
    public InetSocketAddress socket(LabEndpoint e) {
        return topology.socket(e);
    }

    /** The port of an endpoint. */
    public int port(LabEndpoint e) {
        return topology.ports().port(e);
    }

    /** True unless the lab runs with {@code --no-tls}. */
    public boolean tls() {
        return tls;
    }

    /** True when taps record the hops. */
    public boolean tapEnabled() {
        return tapOn;
    }

    /** The certificates in use. */
    public LabCertificates certificates() {
        return certs;
    }

    /** WebServer's address, where the applications connect (127.0.0.1). */
    public String clientHost() {
        return topology.addresses().text(LabHost.WEBSERVER);
    }

    /** WebServer's LDAP port. */
    public int ldapPort() {
        return port(LabEndpoint.WEB_LDAP);
    }

    /** WebServer's IMAP port. */
    public int imapPort() {
        return port(LabEndpoint.WEB_IMAP);
    }

    /** WebServer's SMTP port. */
    public int smtpPort() {
        return port(LabEndpoint.WEB_SMTP);
    }

    /** {@code ldap://127.0.0.1:PORT}: the directory, through the tunnels. */
    public String ldapUrl() {
        return "ldap://" + clientHost() + ":" + ldapPort();
    }

    /** {@code imap://127.0.0.1:PORT}: the mailboxes, through the tunnels. */
    public String imapUrl() {
        return "imap://" + clientHost() + ":" + imapPort();
    }

    /** {@code smtp://127.0.0.1:PORT}: mail submission, through the tunnels and the Gateway. */
    public String smtpUrl() {
        return "smtp://" + clientHost() + ":" + smtpPort();
    }

    /** The address book's base DN. */
    public String baseDn() {
        return ldap != null ? ldap.baseDn() : EmbeddedLdap.DEFAULT_BASE_DN;
    }

    /** The demo user. */
    public User demoUser() {
        return DEMO_USER;
    }

    /** Everyone who can log in. */
    public List<User> users() {
        return USERS;
    }

    /** LDAPhost's directory server. */
    public EmbeddedLdap ldap() {
        return ldap;
    }

    /** MailHost's mail server (mailboxes). */
    public EmbeddedMail mailHost() {
        return mailHost;
    }

    /** The Gateway's mail server (submission, relays to MailHost). */
    public EmbeddedMail gateway() {
        return gateway;
    }

    /** A host's running {@link Tunnel}, or null (stopped, or {@code --no-tls}). */
    public Tunnel tunnel(LabHost host) {
        HostTunnel ht = tunnelOf(host);
        synchronized (ht) {
            return ht.tunnel;
        }
    }

    /** The taps by hop, in {@link LabTopology#HOPS} order (empty without {@link Builder#tap}). */
    public Map<LabTopology.Hop, TapRelay> taps() {
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(taps));
    }

    /** The tap on {@code hop}. */
    public TapRelay tap(LabTopology.Hop hop) {
        TapRelay t = taps.get(hop);
        if (t == null) {
            throw new IllegalStateException("no tap on " + hop.name() + (tapOn ? "" : " (the lab runs without --tap)"));
        }
        return t;
    }

    /** What each tap saw so far, searched for {@link #secrets()}. */
    public List<TapSummary> tapSummaries() {
        return tapSummaries(secrets());
    }

    /** What each tap saw so far, searched for {@code secrets} (label to text). */
    public List<TapSummary> tapSummaries(Map<String, String> secrets) {
        List<TapSummary> out = new ArrayList<>();
        for (TapRelay t : taps.values()) {
            out.add(TapSummary.of(t, secrets));
        }
        return out;
    }

    /**
     * What must never cross a hop in clear text, by label: every user's password, the Gateway's
     * relay password, the address book's names, phone numbers and titles, and the subject and first
     * line of every message in MailHost's mailboxes now.
     */
    public Map<String, String> secrets() {
        Map<String, String> m = new LinkedHashMap<>(fixedSecrets);
        EmbeddedMail mh = mailHost;
        if (mh != null && mh.isRunning()) {
            for (User u : USERS) {
                for (ReceivedMessage msg : mh.messages(u.login())) {
                    addText(m, "mail subject \"" + shorten(msg.subject()) + "\"", msg.subject());
                    String line = msg.text().strip().lines().findFirst().orElse("");
                    addText(m, "mail text \"" + shorten(line) + "\"", line);
                }
            }
        }
        return m;
    }

    private static void addText(Map<String, String> m, String label, String text) {
        if (text != null && text.strip().length() >= 6) {
            m.putIfAbsent(label, text.strip());
        }
    }

    private static String shorten(String s) {
        String t = s.strip();
        return t.length() > 30 ? t.substring(0, 27) + "..." : t;
    }

    private Map<String, String> fixedSecrets() {
        Map<String, String> m = new LinkedHashMap<>();
        for (User u : USERS) {
            m.put("password of " + u.uid(), u.password());
        }
        m.put("Gateway's relay password", relayPassword);
        // the address book's attribute values, straight from the LDIF the directory loaded
        try (InputStream in = EmbeddedLdap.class.getClassLoader().getResourceAsStream(EmbeddedLdap.DEFAULT_LDIF_RESOURCE)) {
            if (in != null) {
                String uid = null;
                for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\r?\n")) {
                    if (line.startsWith("dn:")) {
                        uid = null;
                    } else if (line.startsWith("uid: ")) {
                        uid = line.substring(5).strip();
                    } else if (uid != null) {
                        for (String attr : List.of("cn", "telephoneNumber", "title")) {
                            if (line.startsWith(attr + ": ")) {
                                addText(m, "LDAP " + attr + " of " + uid, line.substring(attr.length() + 2));
                            }
                        }
                    }
                }
            }
        } catch (IOException e) {
            events.accept("cannot read the address book for the tap's secrets: " + e.getMessage());
        }
        return m;
    }

    /** What listens where: the start-up table's rows (tunnels and servers by host, then the taps). */
    public List<LabService> services() {
        List<LabService> rows = new ArrayList<>();
        for (LabHost h : LabHost.values()) {
            TunnelConfig cfg = configs.get(h);
            if (cfg == null) {
                continue;
            }
            for (ServiceConfig s : cfg.services()) {
                LabEndpoint accept = endpointAt(s.accept());
                LabEndpoint conn = endpointAt(s.connect().get(0));
                String via = null;
                if (conn != null && conn.kind() == LabEndpoint.Kind.TAP) {
                    via = topology.hostPort(conn);
                    for (LabTopology.Hop hop : LabTopology.HOPS) {
                        if (hop.tapAt() == conn) {
                            conn = hop.target();
                        }
                    }
                }
                String to = conn != null ? topology.hostPort(conn) : s.connect().get(0).hostPort();
                String mode;
                if (!tls) {
                    mode = "plain (tunnel bypassed)";
                } else if (s.client()) {
                    to += " " + (conn != null ? conn.host().dnsName() : "");
                    mode = "client: plain in, TLS out"
                            + (s.tls().cert() != null ? ", presents " + h.dnsName() : "");
                } else {
                    mode = "server: TLS in, plain out"
                            + (s.tls().verification().authenticatesPeer() && !s.tls().verification().checkHost().isEmpty()
                                    ? ", requires " + String.join(",", s.tls().verification().checkHost())
                                    : "");
                }
                rows.add(new LabService(h.displayName(), "[" + s.name() + "]", s.accept().hostPort(),
                        to.strip() + (via != null ? " via tap" : ""), via, mode, accept));
            }
            for (LabEndpoint e : LabEndpoint.values()) {
                if (e.host() == h && e.kind() == LabEndpoint.Kind.BACKEND) {
                    String name = e.protocol().toUpperCase(java.util.Locale.ROOT) + " server";
                    String to = e == LabEndpoint.GW_SMTP_BACKEND
                            ? topology.hostPort(LabEndpoint.GW_RELAY) + " (relays to MailHost)"
                            : "-";
                    rows.add(new LabService(h.displayName(), name, topology.hostPort(e), to, null,
                            "plain (server)", e));
                }
            }
        }
        for (LabTopology.Hop hop : taps.keySet()) {
            rows.add(new LabService("tap", hop.name(), topology.hostPort(hop.tapAt()), topology.hostPort(hop.target()),
                    null, "records both directions", hop.tapAt()));
        }
        return rows;
    }

    private LabEndpoint endpointAt(Endpoint ep) {
        for (LabEndpoint e : LabEndpoint.values()) {
            if (topology.ports().port(e) == ep.port() && topology.addresses().text(e.host()).equals(ep.host())) {
                return e;
            }
        }
        return null;
    }

    /** How long {@link Builder#start()} took. */
    public Duration startupTime() {
        return startupTime;
    }

    /** When the lab started. */
    public Instant startedAt() {
        return startedAt;
    }

    /** The Gateway's relay password on MailHost (made for this run). */
    public String relayPassword() {
        return relayPassword;
    }

    // ------------------------------------------------------------------ shutdown

    /** Stops everything: WebServer's tunnel first, then the Gateway (draining its relay queue), the rest. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopQuietly(LabHost.WEBSERVER, Duration.ofMillis(500));
        if (gateway != null) {
            gateway.close();
        }
        for (LabHost h : List.of(LabHost.GATEWAY, LabHost.MAILHOST, LabHost.LDAPHOST)) {
            stopQuietly(h, Duration.ofMillis(500));
        }
        taps.values().forEach(TapRelay::close);
        if (mailHost != null) {
            mailHost.close();
        }
        if (ldap != null) {
            ldap.close();
        }
        tunnels.values().forEach(HostTunnel::closeLog);
    }

    private void stopQuietly(LabHost h, Duration drain) {
        HostTunnel ht = tunnels.get(h);
        if (ht != null) {
            try {
                ht.stop(drain);
            } catch (RuntimeException e) {
                events.accept(h.displayName() + " tunnel: stop failed: " + e);
            }
        }
    }
}
