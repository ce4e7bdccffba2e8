package edu.tinynet.tunnel.testing;

import edu.tinynet.tunnel.config.Endpoint;
import edu.tinynet.tunnel.config.Failover;
import edu.tinynet.tunnel.config.GlobalSettings;
import edu.tinynet.tunnel.config.ServiceConfig;
import edu.tinynet.tunnel.config.SocketOptionSetting;
import edu.tinynet.tunnel.config.Timeouts;
import edu.tinynet.tunnel.config.TlsSettings;
import edu.tinynet.tunnel.config.TlsVersion;
import edu.tinynet.tunnel.config.TunnelConfig;
import edu.tinynet.tunnel.config.Verification;
import edu.tinynet.tunnel.pki.CertificateBuilder;
import edu.tinynet.tunnel.pki.KeyMaterial;
import edu.tinynet.tunnel.service.Tunnel;
import edu.tinynet.tunnel.service.TunnelListener;
import edu.tinynet.tunnel.tls.SimpleEngineFactory;
import edu.tinynet.tunnel.tls.TlsEngineFactory;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Building blocks for tunnel tests in one JVM: a small PKI (CA, {@code localhost}/127.0.0.1 server
 * certificate, client certificate), service configurations with stunnel's defaults, and running
 * tunnels over {@link SimpleEngineFactory}.
 *
 * <pre>{@code
 * try (EchoServer backend = EchoServer.echo();
 *      Tunnel server = TunnelFixtures.start(TunnelFixtures.server("s", backend.address()), pki.serverTls(), listener);
 *      Tunnel client = TunnelFixtures.start(TunnelFixtures.client("c", server.boundAddress("s")), pki.clientTls(), listener)) {
 *     TunnelProbe.streamBothWays(client.boundAddress("c"), 1 << 20, Duration.ofSeconds(30));
 * }
 * }</pre>
 */
public final class TunnelFixtures {

    private static Pki shared;

    private TunnelFixtures() {
    }

    /** CA, server and client certificates; made once per JVM (EC P-256, fast). */
    public static synchronized Pki pki() {
        if (shared == null) {
            shared = Pki.create("CN=Tunnel Test CA,O=tinynet.edu");
        }
        return shared;
    }

    /** A CA with a server leaf ({@code localhost}, 127.0.0.1) and a client leaf. */
    public record Pki(KeyMaterial ca, KeyMaterial server, KeyMaterial client) {

        public static Pki create(String caDn) {
            KeyMaterial ca = CertificateBuilder.ca(caDn).build();
            KeyMaterial server = CertificateBuilder.server("CN=localhost,O=tinynet.edu").dns("localhost")
                    .ip("127.0.0.1").issuedBy(ca).build();
            KeyMaterial client = CertificateBuilder.client("CN=tunnel-client,O=tinynet.edu").issuedBy(ca).build();
            return new Pki(ca, server, client);
        }

        /** Server side: presents the server certificate; requires a client certificate when asked. */
        public TlsEngineFactory serverTls(boolean requireClientCert) {
            return new SimpleEngineFactory(server.toSslContext(List.of(ca.certificate())), requireClientCert);
        }

        public TlsEngineFactory serverTls() {
            return serverTls(false);
        }

        /** Client side: trusts the CA, checks the host name, presents the client certificate. */
        public TlsEngineFactory clientTls() {
            return new SimpleEngineFactory(client.toSslContext(List.of(ca.certificate())), false);
        }

        /** Client side without a certificate of its own. */
        public TlsEngineFactory anonymousClientTls() {
            return new SimpleEngineFactory(KeyMaterial.trustingSslContext(List.of(ca.certificate())), false);
        }
    }

    // ------------------------------------------------------------------ configuration

    /** stunnel-like TLS settings; {@link SimpleEngineFactory} ignores them, the records need them. */
    public static TlsSettings tlsSettings() {
        return new TlsSettings(null, null, null, null, null, Verification.NONE, TlsVersion.TLSv1_2,
                TlsVersion.TLSv1_3, null, List.of(), List.of(), List.of(), null, 1000, Duration.ofMinutes(5), false);
    }

    /** A {@code client = no} service: TLS on 127.0.0.1:0, plaintext to {@code connect}. */
    public static ServiceConfig server(String name, InetSocketAddress... connect) {
        return service(name, false, connect);
    }

    /** A {@code client = yes} service: plaintext on 127.0.0.1:0, TLS to {@code connect}. */
    public static ServiceConfig client(String name, InetSocketAddress... connect) {
        return service(name, true, connect);
    }

    public static ServiceConfig service(String name, boolean client, InetSocketAddress... connect) {
        List<Endpoint> eps = new ArrayList<>();
        for (InetSocketAddress a : connect) {
            eps.add(new Endpoint(a.getHostString(), a.getPort(), null));
        }
        return new ServiceConfig(name, null, client, new Endpoint("127.0.0.1", 0, null), eps, Failover.PRIO, false,
                null, tlsSettings(), Timeouts.DEFAULTS, 5, List.of(), true);
    }

    /** TLS settings naming a certificate file (for TLS functions that look at it). */
    public static TlsSettings tlsSettings(Path cert) {
        TlsSettings t = tlsSettings();
        return new TlsSettings(cert, cert, t.caFile(), t.caPath(), t.crlFile(), t.verification(), t.minVersion(),
                t.maxVersion(), t.ciphers(), t.cipherSuites(), t.tls13CipherSuites(), t.curves(), t.sni(),
                t.sessionCacheSize(), t.sessionCacheTimeout(), t.renegotiation());
    }

    /** The same service with other TLS settings. */
    public static ServiceConfig withTls(ServiceConfig s, TlsSettings tls) {
        return new ServiceConfig(s.name(), s.location(), s.client(), s.accept(), s.connect(), s.failover(), s.delay(),
                s.local(), tls, s.timeouts(), s.debugLevel(), s.socketOptions(), s.reset());
    }

    /** The same service connecting elsewhere. */
    public static ServiceConfig withConnect(ServiceConfig s, InetSocketAddress... connect) {
        List<Endpoint> eps = new ArrayList<>();
        for (InetSocketAddress a : connect) {
            eps.add(new Endpoint(a.getHostString(), a.getPort(), null));
        }
        return new ServiceConfig(s.name(), s.location(), s.client(), s.accept(), eps, s.failover(), s.delay(),
                s.local(), s.tls(), s.timeouts(), s.debugLevel(), s.socketOptions(), s.reset());
    }

    /** The same service with {@code delay}, {@code local} and {@code reset} set. */
    public static ServiceConfig withConnectOptions(ServiceConfig s, boolean delay, String local, boolean reset) {
        return new ServiceConfig(s.name(), s.location(), s.client(), s.accept(), s.connect(), s.failover(), delay,
                local, s.tls(), s.timeouts(), s.debugLevel(), s.socketOptions(), reset);
    }

    /** The same service connecting to {@code host:port} as written (a name is resolved by the tunnel). */
    public static ServiceConfig withConnectHost(ServiceConfig s, String host, int port) {
        return new ServiceConfig(s.name(), s.location(), s.client(), s.accept(), List.of(new Endpoint(host, port, null)),
                s.failover(), s.delay(), s.local(), s.tls(), s.timeouts(), s.debugLevel(), s.socketOptions(), s.reset());
    }

    /** The same service with other timeouts. */
    public static ServiceConfig withTimeouts(ServiceConfig s, Timeouts t) {
        return new ServiceConfig(s.name(), s.location(), s.client(), s.accept(), s.connect(), s.failover(), s.delay(),
                s.local(), s.tls(), t, s.debugLevel(), s.socketOptions(), s.reset());
    }

    /** The same service with another failover mode. */
    public static ServiceConfig withFailover(ServiceConfig s, Failover f) {
        return new ServiceConfig(s.name(), s.location(), s.client(), s.accept(), s.connect(), f, s.delay(),
                s.local(), s.tls(), s.timeouts(), s.debugLevel(), s.socketOptions(), s.reset());
    }

    /** The same service listening on {@code accept}. */
    public static ServiceConfig withAccept(ServiceConfig s, Endpoint accept) {
        return new ServiceConfig(s.name(), s.location(), s.client(), accept, s.connect(), s.failover(), s.delay(),
                s.local(), s.tls(), s.timeouts(), s.debugLevel(), s.socketOptions(), s.reset());
    }

    /** The same service with {@code socket} options. */
    public static ServiceConfig withSocketOptions(ServiceConfig s, List<SocketOptionSetting> options) {
        return new ServiceConfig(s.name(), s.location(), s.client(), s.accept(), s.connect(), s.failover(), s.delay(),
                s.local(), s.tls(), s.timeouts(), s.debugLevel(), options, s.reset());
    }

    /** A configuration of these services, stunnel's global defaults. */
    public static TunnelConfig config(ServiceConfig... services) {
        return config(null, services);
    }

    public static TunnelConfig config(Path source, ServiceConfig... services) {
        return new TunnelConfig(source, new GlobalSettings(5, null, true, null, GlobalSettings.Foreground.YES, "stunnel"),
                List.of(services), List.of());
    }

    /** Starts a tunnel whose every service uses {@code tls}. */
    public static Tunnel start(ServiceConfig service, TlsEngineFactory tls, TunnelListener listener)
            throws Exception {
        return start(config(service), s -> tls, listener);
    }

    public static Tunnel start(TunnelConfig cfg, Function<ServiceConfig, TlsEngineFactory> tls,
            TunnelListener listener) throws Exception {
        Tunnel t = Tunnel.builder(tls).listener(listener).build();
        try {
            t.start(cfg);
        } catch (Exception e) {
            t.close();
            throw e;
        }
        return t;
    }

    /** Timeouts with every value given in seconds: busy, close, connect, idle. */
    public static Timeouts timeouts(double busy, double close, double connect, double idle) {
        return new Timeouts(ms(busy), ms(close), ms(connect), ms(idle));
    }

    private static Duration ms(double seconds) {
        return Duration.ofMillis((long) (seconds * 1000));
    }
}
