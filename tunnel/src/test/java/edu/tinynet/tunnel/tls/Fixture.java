package edu.tinynet.tunnel.tls;

import edu.tinynet.tunnel.config.Endpoint;
import edu.tinynet.tunnel.config.Failover;
import edu.tinynet.tunnel.config.ServiceConfig;
import edu.tinynet.tunnel.config.Timeouts;
import edu.tinynet.tunnel.config.TlsSettings;
import edu.tinynet.tunnel.config.TlsVersion;
import edu.tinynet.tunnel.config.Verification;
import edu.tinynet.tunnel.pki.CertificateBuilder;
import edu.tinynet.tunnel.pki.KeyMaterial;
import edu.tinynet.tunnel.pki.Pem;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A small PKI in a temporary directory and a baseline of valid TLS settings, for this package's
 * tests. Every certificate comes from {@link CertificateBuilder}.
 */
final class Fixture {

    static final String HOST = "ldap.tinynet.edu";

    final Path dir;
    final KeyMaterial ca;
    final KeyMaterial server;
    final KeyMaterial client;
    final Path caFile;
    final Path serverPem;
    final Path clientPem;

    Fixture(Path dir) throws Exception {
        this.dir = dir;
        ca = CertificateBuilder.ca("CN=TinyNetCA,O=tinynet.edu").build();
        server = CertificateBuilder.server("CN=" + HOST).dns(HOST, "localhost").ip("127.0.0.1")
                .issuedBy(ca).build();
        client = CertificateBuilder.client("CN=alice,O=tinynet.edu").email("alice@tinynet.edu")
                .issuedBy(ca).build();
        caFile = dir.resolve("ca.pem");
        Pem.writeCertificates(caFile, List.of(ca.certificate()), false);
        serverPem = write("server.pem", server);
        clientPem = write("client.pem", client);
    }

    /** Writes a combined key + chain file (mode 0600). */
    Path write(String name, KeyMaterial m) throws Exception {
        Path p = dir.resolve(name);
        Pem.writeCombined(p, m, true);
        return p;
    }

    /** Writes certificates only (mode 0644). */
    Path writeCerts(String name, KeyMaterial... ms) throws Exception {
        Path p = dir.resolve(name);
        List<java.security.cert.X509Certificate> cs = new ArrayList<>();
        for (KeyMaterial m : ms) {
            cs.add(m.certificate());
        }
        Pem.writeCertificates(p, cs, true);
        return p;
    }

    /** Settings for a server presenting {@link #server}, no client verification. */
    Tls serverSettings() {
        Tls t = new Tls();
        t.cert = serverPem;
        return t;
    }

    /** Settings for a client verifying the server chain against {@link #caFile}. */
    Tls clientSettings() {
        Tls t = new Tls();
        t.caFile = caFile;
        t.verifyChain = true;
        return t;
    }

    static ServiceConfig service(String name, boolean client, TlsSettings tls) {
        return new ServiceConfig(name, null, client, new Endpoint("127.0.0.1", 0, null),
                List.of(new Endpoint("127.0.0.1", 1, null)), Failover.PRIO, false, null, tls, Timeouts.DEFAULTS, 5,
                List.of(), true);
    }

    /** Mutable stand-in for the parser: every field of {@link TlsSettings} and {@link Verification}. */
    static final class Tls {
        Path cert;
        Path key;
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
        TlsVersion min = TlsVersion.TLSv1_2;
        TlsVersion max = TlsVersion.TLSv1_3;
        String ciphers;
        List<String> cipherSuites = new ArrayList<>();
        List<String> tls13CipherSuites = new ArrayList<>();
        List<String> curves = new ArrayList<>();
        String sni;
        int sessionCacheSize = 1000;
        Duration sessionCacheTimeout = Duration.ofSeconds(300);
        boolean renegotiation;

        TlsSettings build() {
            return new TlsSettings(cert, key, caFile, caPath, crlFile,
                    new Verification(verifyChain, verifyPeer, requireCert, requestCert, checkHost, checkIp, checkEmail),
                    min, max, ciphers, cipherSuites, tls13CipherSuites, curves, sni, sessionCacheSize,
                    sessionCacheTimeout, renegotiation);
        }

        ServiceTls server(List<String> warnings) throws TlsConfigException {
            return ServiceTls.create(service("srv", false, build()), warnings::add);
        }

        ServiceTls server() throws TlsConfigException {
            return server(new ArrayList<>());
        }

        ServiceTls client(List<String> warnings) throws TlsConfigException {
            return ServiceTls.create(service("cli", true, build()), warnings::add);
        }

        ServiceTls client() throws TlsConfigException {
            return client(new ArrayList<>());
        }
    }
}
