package edu.tinynet.lab.host;

import edu.tinynet.fixtures.ldap.EmbeddedLdap;
import edu.tinynet.fixtures.ldap.LdapConnection;
import edu.tinynet.fixtures.ldap.LdapConnectionListener;
import edu.tinynet.fixtures.mail.ClientConnection;
import edu.tinynet.fixtures.mail.EmbeddedMail;
import edu.tinynet.fixtures.mail.MailListener;
import edu.tinynet.fixtures.mail.MailService;
import edu.tinynet.fixtures.mail.RelayTarget;
import edu.tinynet.tunnel.config.Endpoint;
import edu.tinynet.tunnel.config.ServiceConfig;
import edu.tinynet.tunnel.log.StunnelLog;
import edu.tinynet.tunnel.pki.TinyNetLab;
import edu.tinynet.tunnel.service.TunnelDaemon;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One TinyNet host in one JVM: the host's tunnel, run from its seed configuration (plus the lab
 * overlay), and the plaintext server it protects, listening on loopback only.
 *
 * <p>The tunnel's configuration is the single source of the ports: each backend is started where
 * the host's tunnel connects to it ({@code [ldaps] connect = 389} puts the directory on
 * 127.0.0.1:389), and the Gateway's mail server relays to the tunnel's {@code [relay]} accept
 * address. A backend address that is not on loopback is refused: plaintext must never leave the
 * host.
 *
 * <p>Start-up: the effective configuration (seed + overlay, see {@link ConfigOverlay}) is written to
 * the run directory next to links to the host's {@code Site_Cert.pem} and the lab's {@code ca.pem},
 * so the seed's relative {@code cert = Site_Cert.pem} works unchanged; then the tunnel starts
 * ({@link TunnelDaemon}, stunnel's log format on stderr), then the backend. Everything the backend
 * sees (connections, messages, relay results) is logged in the same format.
 */
public final class LabHost implements AutoCloseable {

    /** Environment variable with the password of the relay account {@code gateway} on the MailHost. */
    public static final String RELAY_PASSWORD_ENV = "RELAY_PASSWORD";
    /** Environment variable with the LDAP admin password (random when unset: nobody needs it). */
    public static final String LDAP_ADMIN_PASSWORD_ENV = "LDAP_ADMIN_PASSWORD";
    /** The account the Gateway uses on the MailHost's SMTP port. */
    public static final String RELAY_LOGIN = "gateway";
    /** The relay account's address. */
    public static final String RELAY_ADDRESS = "gateway@tinynet.edu";

    /** The tunnel service names the runner relies on, as the seeds and overlays name them. */
    public static final String LDAPS_SERVICE = "ldaps";
    public static final String IMAPS_SERVICE = "imaps";
    public static final String SMTPS_SERVICE = "smtps";
    public static final String RELAY_IN_SERVICE = "smtp-relay";
    public static final String RELAY_OUT_SERVICE = "relay";

    /**
     * How to run.
     *
     * @param role       which host
     * @param seed       the seed configuration (kept verbatim)
     * @param overlay    the lab overlay, or null
     * @param pki        the lab PKI directory ({@code ca.pem}, {@code <host>/Site_Cert.pem})
     * @param runDir     where the effective configuration and the links go
     * @param portOffset added to every port, the tunnel's and the backends' (tests; 0 in the lab)
     * @param drain      how long a stop waits for live tunnel connections
     * @param stderr     the log
     * @param env        environment (passwords)
     */
    public record Settings(Role role, Path seed, Path overlay, Path pki, Path runDir, int portOffset, Duration drain,
            PrintStream stderr, Map<String, String> env) {

        public Settings {
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(seed, "seed");
            Objects.requireNonNull(pki, "pki");
            Objects.requireNonNull(runDir, "runDir");
            Objects.requireNonNull(drain, "drain");
            Objects.requireNonNull(stderr, "stderr");
            env = Map.copyOf(env);
        }
    }

    /** Start-up failed; the reason has been logged. */
    public static final class StartFailed extends Exception {
        private static final long serialVersionUID = 1L;

        StartFailed(String message) {
            super(message);
        }
    }

    private final Settings settings;
    private final Path effectiveConfig;
    private final TunnelDaemon daemon;
    private final StunnelLog log;
    private EmbeddedLdap ldap;
    private EmbeddedMail mail;
    private boolean closed;

    private LabHost(Settings settings, Path effectiveConfig, TunnelDaemon daemon) {
        this.settings = settings;
        this.effectiveConfig = effectiveConfig;
        this.daemon = daemon;
        this.log = daemon.log();
    }

    /** Starts the host: effective configuration, tunnel, backend. Nothing keeps running on failure. */
    public static LabHost start(Settings s) throws StartFailed {
        StunnelLog early = StunnelLog.toStream(s.stderr());
        Role role = s.role();
        Path conf = s.runDir().resolve(role.id() + ".conf");
        try {
            prepareRunDirectory(s, conf, early);
        } catch (IOException | IllegalArgumentException e) {
            early.log(StunnelLog.ERR, StunnelLog.UI, role + ": " + message(e));
            throw new StartFailed(message(e));
        }
        TunnelDaemon daemon;
        try {
            daemon = TunnelDaemon.start(new TunnelDaemon.Settings(conf, false, s.portOffset(), s.drain(), s.stderr(),
                    null));
        } catch (TunnelDaemon.StartFailed e) {
            throw new StartFailed(e.getMessage());
        }
        LabHost host = new LabHost(s, conf, daemon);
        try {
            host.startBackend();
        } catch (RuntimeException | StartFailed e) {
            host.notice(StunnelLog.ERR, role + ": " + message(e));
            host.close();
            throw e instanceof StartFailed sf ? sf : new StartFailed(message(e));
        }
        return host;
    }

    // ------------------------------------------------------------------ run directory

    private static void prepareRunDirectory(Settings s, Path conf, StunnelLog log) throws IOException {
        Role role = s.role();
        if (!Files.isRegularFile(s.seed())) {
            throw new IOException("seed configuration " + s.seed() + " not found");
        }
        if (s.overlay() != null && !Files.isRegularFile(s.overlay())) {
            throw new IOException("lab overlay " + s.overlay() + " not found");
        }
        try {
            Files.createDirectories(s.runDir());
            ConfigOverlay.write(s.seed(), s.overlay(), conf);
        } catch (java.nio.file.AccessDeniedException e) {
            throw new IOException("cannot write the effective configuration into " + s.runDir()
                    + ": permission denied (the run directory must be writable by uid " + processUid() + ")", e);
        }
        log.log(StunnelLog.NOTICE, StunnelLog.UI, role + ": effective configuration " + conf + " = " + s.seed()
                + (s.overlay() == null ? " (verbatim, no lab overlay)" : " + lab overlay " + s.overlay()));

        Path ca = s.pki().resolve(TinyNetLab.CA_FILE);
        if (!Files.isRegularFile(ca)) {
            throw new IOException("lab CA certificate " + ca + " not found (pki-init writes it)");
        }
        link(s.runDir().resolve(TinyNetLab.CA_FILE), ca);
        if (role.presentsCertificate()) {
            Path cert = s.pki().resolve(role.hostName()).resolve(TinyNetLab.SITE_CERT);
            if (!Files.isRegularFile(cert)) {
                throw new IOException(role.hostName() + " certificate " + cert + " not found (pki-init writes it)");
            }
            link(s.runDir().resolve(TinyNetLab.SITE_CERT), cert);
            log.log(StunnelLog.NOTICE, StunnelLog.UI, role + ": " + describeKeyFile(cert));
        }
    }

    private static void link(Path link, Path target) throws IOException {
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, target.toAbsolutePath());
    }

    /** {@code Site_Cert.pem ...: mode 0600, owner uid 10001 (this process: uid 10001)}. */
    static String describeKeyFile(Path file) throws IOException {
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
        Object owner = Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        Integer self = processUid();
        return "certificate and key " + file + ": mode " + octal(perms) + ", owner uid " + owner
                + (self == null ? "" : " (this process: uid " + self + ")");
    }

    /** The real uid of this process, from /proc (Linux), or null. */
    static Integer processUid() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.US_ASCII)) {
                if (line.startsWith("Uid:")) {
                    return Integer.valueOf(line.substring(4).strip().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: the log line goes without it
        }
        return null;
    }

    private static String octal(Set<PosixFilePermission> perms) {
        String s = PosixFilePermissions.toString(perms);
        int v = 0;
        for (int i = 0; i < 9; i++) {
            if (s.charAt(i) != '-') {
                v |= 1 << (8 - i);
            }
        }
        return String.format("%04o", v);
    }

    // ------------------------------------------------------------------ backends

    private void startBackend() throws StartFailed {
        switch (settings.role()) {
            case WEBSERVER -> notice(StunnelLog.NOTICE, "webserver: no local server; LDAP, IMAP and SMTP clients use"
                    + " the tunnel's accept ports");
            case LDAPHOST -> startLdap();
            case MAILHOST -> startMailHost();
            case GATEWAY -> startGateway();
            default -> throw new IllegalStateException(settings.role().toString());
        }
        notice(StunnelLog.NOTICE, settings.role() + " ready");
    }

    private void startLdap() throws StartFailed {
        InetSocketAddress backend = backendOf(LDAPS_SERVICE);
        String adminPassword = settings.env().get(LDAP_ADMIN_PASSWORD_ENV);
        if (adminPassword == null || adminPassword.isEmpty()) {
            adminPassword = randomPassword();
        }
        ldap = EmbeddedLdap.builder()
                .bindAddress(backend.getAddress().getHostAddress())
                .ldapPort(backend.getPort())
                .adminPassword(adminPassword)
                .listener(new LdapConnectionListener() {
                    @Override
                    public void opened(LdapConnection c) {
                        backendLog("ldap", "LDAP connection from " + hostPort(c.remoteAddress()) + " to "
                                + hostPort(c.localAddress()));
                    }
                })
                .start();
        notice(StunnelLog.NOTICE, "ldaphost: LDAP directory " + ldap.baseDn() + " listening on " + hostPort(backend)
                + " (plaintext, loopback only), started in " + ldap.startupTime().toMillis() + " ms");
    }

    private void startMailHost() throws StartFailed {
        InetSocketAddress imap = backendOf(IMAPS_SERVICE);
        InetSocketAddress smtp = backendOf(RELAY_IN_SERVICE);
        requireSameAddress(imap, smtp);
        mail = EmbeddedMail.builder()
                .bindAddress(imap.getAddress().getHostAddress())
                .only(MailService.IMAP, MailService.SMTP)
                .port(MailService.IMAP, imap.getPort())
                .port(MailService.SMTP, smtp.getPort())
                .demoUsers()
                .user(RELAY_ADDRESS, RELAY_LOGIN, relayPassword())
                .listener(mailListener())
                .start();
        notice(StunnelLog.NOTICE, "mailhost: IMAP on " + hostPort(imap) + " and SMTP (delivery from the Gateway,"
                + " AUTH as " + RELAY_LOGIN + ") on " + hostPort(smtp) + " (plaintext, loopback only); mailboxes "
                + mailboxes());
    }

    private void startGateway() throws StartFailed {
        InetSocketAddress smtp = backendOf(SMTPS_SERVICE);
        ServiceConfig relay = service(RELAY_OUT_SERVICE);
        InetSocketAddress relayAt = daemon.tunnel().boundAddress(RELAY_OUT_SERVICE);
        if (!relayAt.getAddress().isLoopbackAddress()) {
            throw new StartFailed("gateway: [" + RELAY_OUT_SERVICE + "] accepts on " + hostPort(relayAt)
                    + ": the relay's plaintext hop must stay on loopback (accept = 127.0.0.1:PORT) in " + effectiveConfig);
        }
        mail = EmbeddedMail.builder()
                .bindAddress(smtp.getAddress().getHostAddress())
                .only(MailService.SMTP)
                .port(MailService.SMTP, smtp.getPort())
                .demoUsers()
                .relayTo(RelayTarget.smtp(relayAt.getAddress().getHostAddress(), relayAt.getPort())
                        .withCredentials(RELAY_LOGIN, relayPassword()))
                .listener(mailListener())
                .start();
        notice(StunnelLog.NOTICE, "gateway: SMTP submission on " + hostPort(smtp) + " (plaintext, loopback only,"
                + " AUTH required); relaying every message through [" + RELAY_OUT_SERVICE + "] " + hostPort(relayAt)
                + " -> " + relay.connect().get(0) + " (TLS)");
    }

    private String mailboxes() {
        return String.join(" ", mail.users().stream().map(u -> u.email()).toList());
    }

    private String relayPassword() throws StartFailed {
        String pw = settings.env().get(RELAY_PASSWORD_ENV);
        if (pw == null || pw.isEmpty()) {
            throw new StartFailed(settings.role() + ": environment variable " + RELAY_PASSWORD_ENV
                    + " is not set: the MailHost and the Gateway need the same relay password");
        }
        return pw;
    }

    private MailListener mailListener() {
        return new MailListener() {
            @Override
            public void connectionAccepted(ClientConnection c) {
                backendLog(c.service().scheme(), c.service().name() + " connection from " + hostPort(c.remote())
                        + " to " + hostPort(c.local()));
            }

            @Override
            public void messageAccepted(String messageId, String from, List<String> recipients) {
                backendLog("smtp", "accepted message " + messageId + " from <" + from + "> for " + recipients);
            }

            @Override
            public void relayed(String messageId, List<String> recipients, int attempt) {
                backendLog("relay", "message " + messageId + " for " + recipients + " handed to the mail host"
                        + (attempt > 1 ? " (attempt " + attempt + ")" : ""));
            }

            @Override
            public void relayAttemptFailed(String messageId, int attempt, Exception cause, Duration retryIn) {
                log.log(StunnelLog.WARNING, "relay", "message " + messageId + ": attempt " + attempt + " failed ("
                        + message(cause) + "); next try in " + retryIn.toMillis() + " ms");
            }

            @Override
            public void relayRejected(String messageId, List<String> recipients, String reply) {
                log.log(StunnelLog.ERR, "relay", "message " + messageId + ": the mail host refused " + recipients
                        + ": " + reply);
            }
        };
    }

    /** The loopback address a server service's tunnel connects to (with the port offset applied). */
    private InetSocketAddress backendOf(String serviceName) throws StartFailed {
        ServiceConfig sc = service(serviceName);
        if (sc.client()) {
            throw new StartFailed(settings.role() + ": [" + serviceName + "] in " + effectiveConfig
                    + " is a client service; its backend must be a local plaintext server");
        }
        Endpoint e = sc.connect().get(0);
        InetAddress address;
        try {
            address = InetAddress.getByName(e.host());
        } catch (UnknownHostException ex) {
            throw new StartFailed(settings.role() + ": [" + serviceName + "] connect = " + e.raw() + ": cannot resolve "
                    + e.host());
        }
        if (!address.isLoopbackAddress()) {
            throw new StartFailed(settings.role() + ": [" + serviceName + "] connect = " + e.raw() + " in "
                    + effectiveConfig + " is not a loopback address: the plaintext server listens on loopback only");
        }
        return new InetSocketAddress(address, e.port());
    }

    private ServiceConfig service(String name) throws StartFailed {
        return daemon.tunnel().config().services().stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new StartFailed(settings.role() + ": " + effectiveConfig + " has no [" + name
                        + "] service, which the " + settings.role() + " host needs"));
    }

    private void requireSameAddress(InetSocketAddress a, InetSocketAddress b) throws StartFailed {
        if (!a.getAddress().equals(b.getAddress())) {
            throw new StartFailed(settings.role() + ": IMAP (" + hostPort(a) + ") and SMTP (" + hostPort(b)
                    + ") must use the same loopback address");
        }
    }

    private static String randomPassword() {
        byte[] b = new byte[18];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    // ------------------------------------------------------------------ running

    /** The tunnel. */
    public TunnelDaemon daemon() {
        return daemon;
    }

    /** The effective configuration file. */
    public Path effectiveConfig() {
        return effectiveConfig;
    }

    /** The LDAP directory (LDAPhost), else null. */
    public EmbeddedLdap ldap() {
        return ldap;
    }

    /** The mail server (MailHost, Gateway), else null. */
    public EmbeddedMail mail() {
        return mail;
    }

    /**
     * SIGHUP: writes the effective configuration again from the (possibly edited) seed and overlay,
     * then reloads the tunnel. Either step failing keeps the running configuration and logs why.
     * Backends keep their ports.
     *
     * @return true when the new configuration took effect
     */
    public synchronized boolean reload() {
        if (closed) {
            return false;
        }
        try {
            ConfigOverlay.write(settings.seed(), settings.overlay(), effectiveConfig);
        } catch (IOException | IllegalArgumentException e) {
            notice(StunnelLog.ERR, settings.role() + ": cannot rewrite " + effectiveConfig + ": " + message(e)
                    + "; keeping the previous configuration");
            return false;
        }
        return daemon.reload();
    }

    /**
     * Stops. The tunnel stops accepting and drains first, then the backend closes; the Gateway's mail
     * server closes first instead, so its relay queue can still drain through the tunnel. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (settings.role() == Role.GATEWAY) {
            closeBackends();
            daemon.stop();
        } else {
            daemon.stop();
            closeBackends();
        }
    }

    private void closeBackends() {
        if (ldap != null) {
            ldap.close();
        }
        if (mail != null) {
            mail.close();
        }
    }

    private void notice(int level, String text) {
        log.log(level, StunnelLog.UI, text);
    }

    private void backendLog(String id, String text) {
        log.log(StunnelLog.NOTICE, id, text);
    }

    static String hostPort(InetSocketAddress a) {
        return (a.getAddress() != null ? a.getAddress().getHostAddress() : a.getHostString()) + ":" + a.getPort();
    }

    private static String message(Throwable e) {
        String m = e.getMessage();
        return m != null ? m : e.getClass().getSimpleName();
    }
}
