package edu.tinynet.tunnel.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The service options being collected for one section. The global section fills a draft with the
 * service-level defaults; each {@code [service]} starts from a copy of it (stunnel's behaviour).
 * Appliers in {@link Options} write the fields; {@link #build()} makes the immutable {@link ServiceConfig}.
 */
final class ServiceDraft {

    String name;
    SourceLocation location;

    boolean client;
    Endpoint accept;
    List<Endpoint> connect = new ArrayList<>();
    Failover failover;
    boolean delay;
    String local;

    Path cert;
    Path key;
    boolean keySet;
    Path caFile;
    Path caPath;
    Path crlFile;

    boolean verifyChain;
    boolean verifyPeer;
    boolean requireCert;
    boolean requestCert;
    List<String> checkHost = new ArrayList<>();
    List<String> checkIp = new ArrayList<>();
    List<String> checkEmail = new ArrayList<>();

    TlsVersion minVersion;
    TlsVersion maxVersion;
    String ciphers;
    List<String> cipherSuites = List.of();
    String tls13Spec;
    List<String> tls13CipherSuites = List.of();
    List<String> curves = List.of();
    String sni;
    int sessionCacheSize;
    Duration sessionCacheTimeout;
    boolean renegotiation;

    Duration timeoutBusy;
    Duration timeoutClose;
    Duration timeoutConnect;
    Duration timeoutIdle;

    int debugLevel;
    List<SocketOptionSetting> socketOptions = new ArrayList<>();
    boolean reset;

    /** Where each option was last set (lower-case name), inherited settings included. */
    private final Map<String, SourceLocation> setAt = new HashMap<>();
    /** Options set in this section itself (lower-case names). */
    private final Set<String> own = new HashSet<>();
    /** Options whose value was rejected here or in the global section (lower-case names). */
    private final Set<String> rejected = new HashSet<>();

    /** A copy to start the service {@code name} from; lists are copied, nothing is "own" yet. */
    ServiceDraft copyFor(String serviceName, SourceLocation sectionLocation) {
        ServiceDraft d = new ServiceDraft();
        d.name = serviceName;
        d.location = sectionLocation;
        d.client = client;
        d.accept = accept;
        d.connect = new ArrayList<>(connect);
        d.failover = failover;
        d.delay = delay;
        d.local = local;
        d.cert = cert;
        d.key = key;
        d.keySet = keySet;
        d.caFile = caFile;
        d.caPath = caPath;
        d.crlFile = crlFile;
        d.verifyChain = verifyChain;
        d.verifyPeer = verifyPeer;
        d.requireCert = requireCert;
        d.requestCert = requestCert;
        d.checkHost = new ArrayList<>(checkHost);
        d.checkIp = new ArrayList<>(checkIp);
        d.checkEmail = new ArrayList<>(checkEmail);
        d.minVersion = minVersion;
        d.maxVersion = maxVersion;
        d.ciphers = ciphers;
        d.cipherSuites = cipherSuites;
        d.tls13Spec = tls13Spec;
        d.tls13CipherSuites = tls13CipherSuites;
        d.curves = curves;
        d.sni = sni;
        d.sessionCacheSize = sessionCacheSize;
        d.sessionCacheTimeout = sessionCacheTimeout;
        d.renegotiation = renegotiation;
        d.timeoutBusy = timeoutBusy;
        d.timeoutClose = timeoutClose;
        d.timeoutConnect = timeoutConnect;
        d.timeoutIdle = timeoutIdle;
        d.debugLevel = debugLevel;
        d.socketOptions = new ArrayList<>(socketOptions);
        d.reset = reset;
        d.setAt.putAll(setAt);
        d.rejected.addAll(rejected);
        return d;
    }

    /** Records that {@code option} was written at {@code where} in this section. */
    void markSet(String option, SourceLocation where) {
        String k = option.toLowerCase(Locale.ROOT);
        setAt.put(k, where);
        own.add(k);
    }

    /** Records that a value for {@code option} was written but rejected (an error was already reported). */
    void markRejected(String option) {
        rejected.add(option.toLowerCase(Locale.ROOT));
    }

    /** True when a value for {@code option} was rejected, so checks that depend on it stay quiet. */
    boolean wasRejected(String option) {
        return rejected.contains(option.toLowerCase(Locale.ROOT));
    }

    /** True when {@code option} was written in this section (not inherited from the global section). */
    boolean isOwn(String option) {
        return own.contains(option.toLowerCase(Locale.ROOT));
    }

    /** Where {@code option} was last set, in this section or the global one; null for a built-in default. */
    SourceLocation setAt(String option) {
        return setAt.get(option.toLowerCase(Locale.ROOT));
    }

    /** Verification as currently configured. */
    Verification verification() {
        return new Verification(verifyChain, verifyPeer, requireCert, requestCert, checkHost, checkIp, checkEmail);
    }

    /** The immutable service. Needs {@code accept} and at least one {@code connect}. */
    ServiceConfig build() {
        TlsSettings tls = new TlsSettings(cert, keySet ? key : cert, caFile, caPath, crlFile, verification(),
                minVersion, maxVersion, ciphers, cipherSuites, tls13CipherSuites, curves, sni, sessionCacheSize,
                sessionCacheTimeout, renegotiation);
        Timeouts timeouts = new Timeouts(timeoutBusy, timeoutClose, timeoutConnect, timeoutIdle);
        return new ServiceConfig(name, location, client, accept, connect, failover, delay, local, tls, timeouts,
                debugLevel, socketOptions, reset);
    }
}
