package edu.tinynet.tunnel.tls;

import edu.tinynet.tunnel.config.ServiceConfig;
import edu.tinynet.tunnel.config.TlsSettings;
import edu.tinynet.tunnel.config.Verification;
import edu.tinynet.tunnel.pki.KeyMaterial;
import edu.tinynet.tunnel.pki.KeyType;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.TrustManager;

/**
 * The TLS policy of one service, built once from its {@link TlsSettings}: key and chain, trusted
 * certificates and CRLs, protocol versions, cipher suites, key exchange groups, peer verification,
 * SNI, session cache and renegotiation. It makes the {@link SSLEngine} of every connection.
 *
 * <p>{@link #create} loads and checks everything up front and touches nothing global, so a reload
 * can build a new one beside the running one and drop it if it fails. Instances are immutable and
 * thread-safe.
 *
 * <h2>Semantics (stunnel's, with safer defaults)</h2>
 * <ul>
 *   <li>Protocols: {@code sslVersionMin..sslVersionMax}, default TLSv1.2..TLSv1.3. Versions the
 *       JVM disables ({@code jdk.tls.disabledAlgorithms}: SSLv3, TLSv1, TLSv1.1 on Java 17) are
 *       reported and left out; global security properties are never changed here. If nothing is
 *       left, {@code create} fails.</li>
 *   <li>Cipher suites: {@code ciphers} (JSSE names, TLS 1.2 and older) and {@code ciphersuites}
 *       (TLS 1.3). Unset means {@link TlsDefaults}: ECDHE + AEAD only, AES-GCM before ChaCha20.
 *       The server's order wins.</li>
 *   <li>Groups: {@code curves}, see {@link NamedGroups} for how Java 17 is made to honour it per
 *       service.</li>
 *   <li>Verification: see {@link PeerVerifier}. With none configured a client accepts any server
 *       certificate, as stunnel does (the configuration layer warns about it). The connect host is
 *       never checked implicitly, only {@code checkHost}/{@code checkIP}/{@code checkEmail}.</li>
 *   <li>Client certificates (server mode): {@code requireCert} makes one mandatory;
 *       {@code requestCert}, {@code verifyChain} or {@code verifyPeer} alone ask for one and verify
 *       it if sent.</li>
 *   <li>SNI (client mode): {@code sni} if set (empty: none), otherwise the connect host when it is
 *       a DNS name (also single-label names such as {@code localhost}); never an IP literal.</li>
 *   <li>Sessions: client engines are made with the peer's host and port, so JSSE's client session
 *       cache resumes sessions (TLS 1.2 session IDs/tickets, TLS 1.3 PSK tickets); parallel
 *       connections each resume through {@link ResumptionSlots}.
 *       {@code sessionCacheSize}/{@code sessionCacheTimeout} size both caches of the context; each
 *       service has its own context and so its own cache.</li>
 *   <li>Renegotiation: refused unless {@code renegotiation = yes}, see {@code RenegotiationGuard}.</li>
 * </ul>
 */
public final class ServiceTls implements TlsEngineFactory {

    /** Own certificates closer than this to their expiry are warned about. */
    public static final Duration EXPIRY_WARNING = Duration.ofDays(30);

    /** Client mode: how many connections to one peer can each hold a resumable session. */
    static final int RESUMPTION_SLOTS = 64;

    private final String service;
    private final boolean clientService;
    private final TlsSettings settings;
    private final KeyMaterial identity;
    private final TrustMaterial trust;
    private final PeerVerifier verifier;
    private final SubjectChecks subjectChecks;
    private final SSLContext context;
    private final List<String> protocols;
    private final List<String> refusedProtocols;
    private final List<String> tls13Suites;
    private final List<String> tls12Suites;
    private final List<String> groups;
    /** Client mode: lets parallel connections each resume a session (see {@link ResumptionSlots}). */
    private final ResumptionSlots slots = new ResumptionSlots(RESUMPTION_SLOTS);
    private final boolean guardRenegotiation;
    private final String sni;

    private ServiceTls(Builder b) {
        this.service = b.service;
        this.clientService = b.clientService;
        this.settings = b.settings;
        this.identity = b.identity;
        this.trust = b.trust;
        this.verifier = b.verifier;
        this.subjectChecks = b.subjectChecks;
        this.context = b.context;
        this.protocols = List.copyOf(b.protocols);
        this.refusedProtocols = List.copyOf(b.refusedProtocols);
        this.tls13Suites = List.copyOf(b.tls13Suites);
        this.tls12Suites = List.copyOf(b.tls12Suites);
        this.groups = b.groups == null ? null : List.copyOf(b.groups);
        this.guardRenegotiation = b.guardRenegotiation;
        this.sni = b.sni;
    }

    private static final class Builder {
        String service;
        boolean clientService;
        TlsSettings settings;
        KeyMaterial identity;
        TrustMaterial trust;
        PeerVerifier verifier;
        SubjectChecks subjectChecks;
        SSLContext context;
        List<String> protocols;
        List<String> refusedProtocols;
        List<String> tls13Suites = List.of();
        List<String> tls12Suites = List.of();
        List<String> groups;
        boolean guardRenegotiation;
        String sni;
    }

    // ---------------------------------------------------------------- creation

    /**
     * Loads and checks the TLS settings of {@code svc}; group/world-readable key files are refused.
     *
     * @param warnings receives what is usable but worth a warning (certificate near expiry,
     *                 protocol versions the JVM refuses, ...)
     * @throws TlsConfigException naming the service, option and file at fault
     */
    public static ServiceTls create(ServiceConfig svc, Consumer<String> warnings) throws TlsConfigException {
        return create(svc, false, warnings);
    }

    /**
     * As {@link #create(ServiceConfig, Consumer)}.
     *
     * @param allowInsecureKeyFiles accept a key file other accounts can read, with a warning
     */
    public static ServiceTls create(ServiceConfig svc, boolean allowInsecureKeyFiles, Consumer<String> warnings)
            throws TlsConfigException {
        return create(svc, allowInsecureKeyFiles, warnings, Clock.systemUTC());
    }

    static ServiceTls create(ServiceConfig svc, boolean allowInsecureKeyFiles, Consumer<String> warnings, Clock clock)
            throws TlsConfigException {
        Objects.requireNonNull(svc, "svc");
        Consumer<String> warn = warnings == null ? w -> { } : warnings;
        TlsSettings s = Objects.requireNonNull(svc.tls(), "tls settings");
        Verification v = s.verification() == null ? Verification.NONE : s.verification();
        String name = svc.name();
        Builder b = new Builder();
        b.service = name;
        b.clientService = svc.client();
        b.settings = s;

        // own key and chain
        if (s.cert() != null) {
            b.identity = IdentityFiles.load(name, s.cert(), s.key(), allowInsecureKeyFiles, warn);
            checkOwnCertificate(s, b.identity, svc.client(), clock.instant(), warn);
        } else if (s.key() != null) {
            throw new TlsConfigException(name, "key", "key = " + s.key() + ": set without cert (cert = FILE holds the chain)");
        } else if (!svc.client()) {
            throw new TlsConfigException(name, "cert", "cert: required in server mode (client = no): "
                    + "set cert = FILE with the private key and certificate chain (PEM or PKCS#12)");
        }

        // trust
        if (s.caFile() != null || s.caPath() != null || s.crlFile() != null) {
            b.trust = TrustMaterial.load(name, s.caFile(), s.caPath(), s.crlFile(), warn);
        } else {
            b.trust = TrustMaterial.empty();
        }
        if (v.authenticatesPeer() && b.trust.isEmpty()) {
            String opt = v.verifyChain() ? "verifyChain" : "verifyPeer";
            throw new TlsConfigException(name, opt, opt + " = yes: needs CAfile or CApath with the certificates to "
                    + (v.verifyChain() ? "verify the peer's chain against" : "pin"));
        }
        try {
            b.subjectChecks = SubjectChecks.of(v.checkHost(), v.checkIp(), v.checkEmail());
        } catch (IllegalArgumentException e) {
            String m = e.getMessage();
            throw new TlsConfigException(name, m.substring(0, m.indexOf(' ')), m);
        }
        b.verifier = new PeerVerifier(v, b.trust, b.subjectChecks, clock);

        // protocols
        List<String> requested = s.enabledProtocols();
        if (requested.isEmpty()) {
            throw new TlsConfigException(name, "sslVersionMin", "sslVersionMin = " + s.minVersion().stunnelName()
                    + ": above sslVersionMax = " + s.maxVersion().stunnelName() + "; no protocol version left");
        }
        b.refusedProtocols = TlsDefaults.disabledByJvm(requested);
        b.protocols = new ArrayList<>(requested);
        b.protocols.removeAll(b.refusedProtocols);
        String disabledHint = "the JVM disables " + String.join(", ", b.refusedProtocols) + " (security property "
                + TlsDefaults.DISABLED_ALGORITHMS + " in $JAVA_HOME/conf/security/java.security; an override file "
                + "can be given with -Djava.security.properties=FILE). This tunnel does not change that property itself";
        if (b.protocols.isEmpty()) {
            throw new TlsConfigException(name, "sslVersionMax", "sslVersionMax = " + s.maxVersion().stunnelName()
                    + ": " + disabledHint + ", so no protocol version is left");
        }
        if (!b.refusedProtocols.isEmpty()) {
            warn.accept("sslVersionMin = " + s.minVersion().stunnelName() + ": " + disabledHint
                    + "; this service uses " + String.join(", ", b.protocols) + " only");
        }
        boolean tls13 = b.protocols.contains("TLSv1.3");
        boolean tls12OrOlder = b.protocols.stream().anyMatch(p -> !p.equals("TLSv1.3"));
        boolean legacy = b.protocols.stream().anyMatch(p -> !p.equals("TLSv1.3") && !p.equals("TLSv1.2"));

        // the context
        try {
            b.context = SSLContext.getInstance("TLS");
            KeyManager[] kms = b.identity == null ? new KeyManager[0]
                    : new KeyManager[] {new SingleKeyManager(b.identity)};
            b.context.init(kms, new TrustManager[] {b.verifier}, null);
        } catch (GeneralSecurityException e) {
            throw new TlsConfigException(name, "sslVersion", "cannot create a TLS context: " + e.getMessage(), e);
        }
        for (SSLSessionContext sc : List.of(b.context.getClientSessionContext(), b.context.getServerSessionContext())) {
            sc.setSessionCacheSize(Math.max(0, s.sessionCacheSize()));
            if (s.sessionCacheTimeout() != null) {
                sc.setSessionTimeout((int) Math.min(Integer.MAX_VALUE, Math.max(0, s.sessionCacheTimeout().toSeconds())));
            }
        }

        // cipher suites
        List<String> supported = Arrays.asList(b.context.getSupportedSSLParameters().getCipherSuites());
        if (tls13) {
            b.tls13Suites = chooseSuites(name, "ciphersuites", s.tls13CipherSuites(), TlsDefaults.TLS13_SUITES,
                    supported, true, warn);
        }
        if (tls12OrOlder) {
            List<String> defaults = new ArrayList<>(TlsDefaults.TLS12_SUITES);
            if (legacy && s.cipherSuites().isEmpty()) {
                defaults.addAll(TlsDefaults.LEGACY_SUITES);
                warn.accept("ciphers not set: " + String.join(", ", b.protocols.stream()
                        .filter(p -> !p.equals("TLSv1.2") && !p.equals("TLSv1.3")).toList())
                        + " enabled, so the ECDHE + AES-CBC suites they need are added after the AEAD defaults: "
                        + String.join(", ", TlsDefaults.LEGACY_SUITES));
            }
            b.tls12Suites = chooseSuites(name, "ciphers", s.cipherSuites(), defaults, supported, false, warn);
            List<String> weak = b.tls12Suites.stream().filter(x -> !TlsDefaults.isForwardSecret(x)).toList();
            if (!weak.isEmpty()) {
                warn.accept("ciphers = " + (s.ciphers() != null ? s.ciphers() : String.join(":", s.cipherSuites()))
                        + ": includes suites without forward secrecy: "
                        + String.join(", ", weak));
            }
        }

        // groups
        if (!s.curves().isEmpty()) {
            try {
                b.groups = NamedGroups.effective(s.curves());
            } catch (IllegalArgumentException e) {
                throw new TlsConfigException(name, "curves", "curves = " + e.getMessage());
            }
        }

        // renegotiation
        b.guardRenegotiation = !s.renegotiation() && tls12OrOlder;
        if (s.renegotiation() && !svc.client() && Boolean.getBoolean("jdk.tls.rejectClientInitiatedRenegotiation")) {
            warn.accept("renegotiation = yes: ignored for clients of this server because the JVM runs with "
                    + "-Djdk.tls.rejectClientInitiatedRenegotiation=true");
        }

        // SNI
        if (svc.client() && s.sni() != null && !s.sni().isEmpty()) {
            if (SubjectChecks.isIpLiteral(s.sni())) {
                throw new TlsConfigException(name, "sni", "sni = " + s.sni()
                        + ": an IP address cannot be sent as a server name (RFC 6066); use sni = (empty) to send none");
            }
            try {
                new SNIHostName(s.sni());
            } catch (IllegalArgumentException e) {
                throw new TlsConfigException(name, "sni", "sni = " + s.sni() + ": not a valid host name (" + e.getMessage() + ")");
            }
        }
        b.sni = s.sni();
        return new ServiceTls(b);
    }

    private static List<String> chooseSuites(String service, String option, List<String> configured,
            List<String> defaults, List<String> supported, boolean tls13, Consumer<String> warn)
            throws TlsConfigException {
        if (configured.isEmpty()) {
            return defaults.stream().filter(supported::contains).toList();
        }
        List<String> out = new ArrayList<>();
        List<String> dropped = new ArrayList<>();
        for (String c : configured) {
            if (tls13 != TlsDefaults.isTls13Suite(c)) {
                throw new TlsConfigException(service, option, option + " = " + String.join(":", configured) + ": " + c
                        + (tls13 ? " is not a TLS 1.3 suite (TLS 1.2 suites go in ciphers)"
                                : " is a TLS 1.3 suite (those go in ciphersuites)"));
            }
            if (supported.contains(c)) {
                if (!out.contains(c)) {
                    out.add(c);
                }
            } else {
                dropped.add(c);
            }
        }
        if (out.isEmpty()) {
            throw new TlsConfigException(service, option, option + " = " + String.join(":", configured)
                    + ": this JVM supports none of these cipher suites");
        }
        if (!dropped.isEmpty()) {
            warn.accept(option + ": this JVM does not support " + String.join(", ", dropped) + "; left out");
        }
        return out;
    }

    /**
     * True for a warning of {@link #create} saying that the service's own certificate is outside
     * its validity period (expired, or not valid yet): peers that verify it refuse every handshake,
     * so callers report it as an error, not a warning. The service still runs with it, as stunnel
     * does: peers that do not verify (stunnel's default) are still served, and a certificate that
     * expires while the tunnel runs could not be refused either.
     */
    public static boolean isUnusableOwnCertificate(String warning) {
        return warning.startsWith("cert = ") && (warning.contains(UNUSABLE_EXPIRED) || warning.contains(UNUSABLE_NOT_YET));
    }

    private static final String UNUSABLE_EXPIRED = " EXPIRED on ";
    private static final String UNUSABLE_NOT_YET = " is not valid until ";

    private static void checkOwnCertificate(TlsSettings s, KeyMaterial id, boolean client, Instant now,
            Consumer<String> warn) {
        X509Certificate c = id.certificate();
        String where = "cert = " + s.cert() + ": certificate " + CertificateText.subject(c);
        Instant notAfter = c.getNotAfter().toInstant();
        Instant notBefore = c.getNotBefore().toInstant();
        if (notAfter.isBefore(now)) {
            warn.accept(where + UNUSABLE_EXPIRED + CertificateText.date(notAfter)
                    + "; peers that verify it will refuse the handshake");
        } else if (notBefore.isAfter(now)) {
            warn.accept(where + UNUSABLE_NOT_YET + CertificateText.date(notBefore)
                    + "; peers that verify it will refuse the handshake until then");
        } else if (notAfter.isBefore(now.plus(EXPIRY_WARNING))) {
            long days = Duration.between(now, notAfter).toDays();
            warn.accept(where + " expires on " + CertificateText.date(notAfter) + " (in " + days
                    + (days == 1 ? " day)" : " days)"));
        }
        try {
            List<String> eku = c.getExtendedKeyUsage();
            String needed = client ? "1.3.6.1.5.5.7.3.2" : "1.3.6.1.5.5.7.3.1";
            if (eku != null && !eku.contains(needed) && !eku.contains("2.5.29.37.0")) {
                warn.accept(where + " does not allow " + (client ? "clientAuth" : "serverAuth")
                        + " (extendedKeyUsage); peers that check the purpose will refuse it");
            }
        } catch (CertificateParsingException e) {
            warn.accept(where + ": unreadable extendedKeyUsage: " + e.getMessage());
        }
    }

    // ---------------------------------------------------------------- engines

    /**
     * A new engine for one connection.
     *
     * @param clientMode true for the side that starts the handshake
     * @param peerHost   the connect host (client mode: used for session resumption and SNI) or the
     *                   remote address (server mode); may be null
     * @param peerPort   the peer's port, or -1
     * @throws IllegalStateException for server mode without a certificate
     */
    @Override
    public SSLEngine newEngine(boolean clientMode, String peerHost, int peerPort) {
        if (!clientMode && identity == null) {
            throw new IllegalStateException("Service [" + service + "]: no cert configured, cannot act as a TLS server");
        }
        SSLEngine e = clientMode
                ? context.createSSLEngine(peerHost, ResumptionSlots.cacheKeyPort(peerPort, slots.acquire()))
                : context.createSSLEngine(peerHost, peerPort);
        e.setUseClientMode(clientMode);
        SSLParameters p = e.getSSLParameters();
        p.setProtocols(protocols.toArray(new String[0]));
        p.setCipherSuites(cipherSuites().toArray(new String[0]));
        p.setUseCipherSuitesOrder(true);
        p.setEndpointIdentificationAlgorithm(null);
        if (groups != null) {
            p.setAlgorithmConstraints(NamedGroups.constraints(groups));
        }
        if (clientMode) {
            String name = sniFor(peerHost);
            p.setServerNames(name == null ? List.of() : List.<SNIServerName>of(new SNIHostName(name)));
        } else {
            Verification v = verification();
            if (v.requireCert()) {
                p.setNeedClientAuth(true);
            } else if (v.requestCert() || v.authenticatesPeer()) {
                p.setWantClientAuth(true);
            } else {
                p.setWantClientAuth(false);
            }
        }
        e.setSSLParameters(p);
        return guardRenegotiation ? new RenegotiationGuard(e) : e;
    }

    /**
     * Hands a client engine's resumption slot back (see {@link ResumptionSlots}): its connection
     * has received the peer's first data (TLS 1.3 servers send their session ticket before any
     * data) or has ended. Idempotent per connection is the caller's job; server engines are ignored.
     */
    @Override
    public void release(SSLEngine engine) {
        if (engine.getUseClientMode()) {
            int slot = ResumptionSlots.slotOf(engine.getPeerPort());
            if (slot >= 0) {
                slots.release(slot);
            }
        }
    }

    /**
     * The server name a client engine for {@code peerHost} sends: {@code sni} when set (null when
     * set empty), else {@code peerHost} when it is a valid DNS name, else null.
     */
    public String sniFor(String peerHost) {
        if (sni != null) {
            return sni.isEmpty() ? null : sni;
        }
        if (peerHost == null || peerHost.isEmpty() || SubjectChecks.isIpLiteral(peerHost)) {
            return null;
        }
        String h = peerHost.endsWith(".") ? peerHost.substring(0, peerHost.length() - 1) : peerHost;
        try {
            new SNIHostName(h);
            return h;
        } catch (IllegalArgumentException e) {
            return null; // e.g. an underscore: not a host name JSSE (or RFC 6066) accepts
        }
    }

    /**
     * {@link HandshakeFailures#describe(Throwable, boolean, List)} with this service's protocol
     * versions, e.g. {@code peer offered only TLSv1.1; minimum here is TLSv1.2 (sslVersionMin)}.
     */
    public String describeFailure(Throwable failure, boolean clientMode) {
        return HandshakeFailures.describe(failure, clientMode, protocols);
    }

    // ---------------------------------------------------------------- accessors

    /** The service name. */
    public String serviceName() {
        return service;
    }

    /** True for a {@code client = yes} service. */
    public boolean clientService() {
        return clientService;
    }

    /** The context engines come from (its session caches belong to this service). */
    public SSLContext context() {
        return context;
    }

    /** The settings this was built from. */
    public TlsSettings settings() {
        return settings;
    }

    /** The verification options in force. */
    public Verification verification() {
        return settings.verification() == null ? Verification.NONE : settings.verification();
    }

    /** Own key and chain, or null (a client without {@code cert}). */
    public KeyMaterial identity() {
        return identity;
    }

    /** CAfile/CApath/CRLfile contents. */
    public TrustMaterial trust() {
        return trust;
    }

    /** The trust manager engines use. */
    public PeerVerifier verifier() {
        return verifier;
    }

    /** Enabled protocol versions (JSSE names), oldest first. */
    public List<String> protocols() {
        return protocols;
    }

    /** Requested protocol versions the JVM refuses (left out of {@link #protocols()}). */
    public List<String> refusedProtocols() {
        return refusedProtocols;
    }

    /** Enabled cipher suites, TLS 1.3 suites first, in preference order. */
    public List<String> cipherSuites() {
        List<String> all = new ArrayList<>(tls13Suites);
        all.addAll(tls12Suites);
        return all;
    }

    /** The key exchange groups allowed by {@code curves}, in the JVM's order; null when not restricted. */
    public List<String> namedGroups() {
        return groups;
    }

    /** True when peer-initiated renegotiation is refused on this service's engines. */
    public boolean refusesRenegotiation() {
        return guardRenegotiation;
    }

    /** Lines for {@code tunnel check}: what this service will actually do. */
    public List<String> describe() {
        List<String> out = new ArrayList<>();
        out.add("mode: " + (clientService ? "client (plaintext in, TLS out)" : "server (TLS in, plaintext out)"));
        out.add("protocols: " + String.join(", ", protocols)
                + (refusedProtocols.isEmpty() ? "" : " (" + String.join(", ", refusedProtocols)
                        + " configured but disabled by the JVM's " + TlsDefaults.DISABLED_ALGORITHMS + ")"));
        if (!tls13Suites.isEmpty()) {
            out.add("TLS 1.3 cipher suites: " + String.join(", ", tls13Suites)
                    + (settings.tls13CipherSuites().isEmpty() ? " (default)" : ""));
        }
        if (!tls12Suites.isEmpty()) {
            out.add("TLS 1.2 cipher suites: " + String.join(", ", tls12Suites)
                    + (settings.cipherSuites().isEmpty() ? " (default: ECDHE + AEAD only)" : ""));
        }
        out.add("key exchange groups: " + (groups == null
                ? String.join(", ", NamedGroups.jvmEnabled()) + " (JVM default)"
                : String.join(", ", groups) + " (curves; in the JVM's preference order)"));
        if (identity != null) {
            X509Certificate c = identity.certificate();
            List<String> sans = CertificateText.subjectAltNames(c);
            long days = Duration.between(Instant.now(), c.getNotAfter().toInstant()).toDays();
            out.add("certificate: " + CertificateText.subject(c) + ", " + KeyType.describe(c.getPublicKey())
                    + ", issued by " + CertificateText.issuer(c) + ", valid until "
                    + CertificateText.date(c.getNotAfter()) + (days < 0 ? " (EXPIRED)" : " (" + days + " days left)")
                    + (sans.isEmpty() ? "" : ", " + String.join(", ", sans)) + ", chain of " + identity.chain().size()
                    + " from " + settings.cert()
                    + (settings.key() != null && !settings.key().equals(settings.cert()) ? " (key " + settings.key() + ")" : ""));
        } else {
            out.add("certificate: none" + (clientService ? " (no client certificate is presented)" : ""));
        }
        out.add("verification: " + describeVerification());
        if (!trust.isEmpty() || trust.crlSource() != null) {
            out.add("trusted: " + trust.describe());
        }
        if (!clientService) {
            Verification v = verification();
            out.add("client certificate: " + (v.requireCert() ? "required"
                    : v.requestCert() || v.authenticatesPeer() ? "requested (optional)" : "not requested"));
        } else {
            out.add("SNI: " + (sni == null ? "the connect host when it is a DNS name, none for IP addresses"
                    : sni.isEmpty() ? "none (sni is empty)" : sni));
        }
        SSLSessionContext sc = clientService ? context.getClientSessionContext() : context.getServerSessionContext();
        out.add("session cache: " + (sc.getSessionCacheSize() == 0 ? "unlimited" : sc.getSessionCacheSize() + " sessions")
                + ", timeout " + (sc.getSessionTimeout() == 0 ? "none" : sc.getSessionTimeout() + " s"));
        out.add("renegotiation: " + (!protocols.stream().anyMatch(p -> !p.equals("TLSv1.3")) ? "not applicable (TLS 1.3 only)"
                : guardRenegotiation ? "refused (renegotiation = no)" : "allowed (secure renegotiation, RFC 5746, only)"));
        return out;
    }

    private String describeVerification() {
        Verification v = verification();
        List<String> parts = new ArrayList<>();
        if (v.verifyChain()) {
            parts.add("verifyChain (chain to " + trust.trustSource() + ")");
        }
        if (v.verifyPeer()) {
            parts.add("verifyPeer (peer certificate must be in " + trust.trustSource() + ")");
        }
        if (!subjectChecks.isEmpty()) {
            parts.add(subjectChecks.describe());
        }
        if (trust.crlSource() != null && v.authenticatesPeer()) {
            parts.add("revocation from " + trust.crlSource());
        }
        if (parts.isEmpty()) {
            return clientService ? "none: any server certificate is accepted (open to man-in-the-middle)"
                    : "none: client certificates are not checked";
        }
        return String.join("; ", parts);
    }

    @Override
    public String toString() {
        return "ServiceTls[" + service + "]";
    }
}
