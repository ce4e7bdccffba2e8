package edu.tinynet.tunnel.testing;

import edu.tinynet.tunnel.pki.CertificateBuilder;
import edu.tinynet.tunnel.pki.Crls;
import edu.tinynet.tunnel.pki.KeyMaterial;
import edu.tinynet.tunnel.pki.KeyType;
import edu.tinynet.tunnel.pki.OutputFiles;
import edu.tinynet.tunnel.pki.Pem;
import edu.tinynet.tunnel.pki.PkiException;
import edu.tinynet.tunnel.pki.RevocationList;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import javax.net.ssl.SSLContext;

/**
 * A throw-away PKI for tests, made with one call: a CA plus a server and a client certificate,
 * written to a directory (CA certificate 0644, keys 0600) and kept in memory.
 *
 * <pre>{@code
 * @TempDir Path dir;
 * TestPki pki = TestPki.create(dir);
 * pki.caFile();          // dir/ca.pem          CN=Test CA
 * pki.serverFile();      // dir/server/Site_Cert.pem   DNS:localhost, IP:127.0.0.1, IP:::1 (serverAuth)
 * pki.clientFile();      // dir/client/Site_Cert.pem   CN=test client (clientAuth)
 * TestPki.Issued ldap = pki.server("ldap.tinynet.edu");         // dir/ldap.tinynet.edu/Site_Cert.pem
 * TestPki.Issued old = pki.issue("old", pki.serverBuilder("old.test")
 *         .validity(Instant.parse("2020-01-01T00:00:00Z"), Instant.parse("2021-01-01T00:00:00Z")));
 * Path crl = pki.revoke(ldap);                                 // dir/ca.crl
 * }</pre>
 *
 * <p>Every certificate comes from {@link CertificateBuilder}; nothing here builds certificates on
 * its own.
 */
public final class TestPki {

    /** Subject of the test CA. */
    public static final String CA_SUBJECT = "CN=Test CA,O=tinynet.edu";

    /** A certificate with its key and the combined file it was written to. */
    public record Issued(KeyMaterial material, Path file) {
        /** The leaf certificate. */
        public X509Certificate certificate() {
            return material.certificate();
        }
    }

    private final Path dir;
    private final KeyType keyType;
    private final KeyMaterial ca;
    private final Path caFile;
    private final Path caKeyFile;
    private final Issued server;
    private final Issued client;

    private TestPki(Path dir, KeyType keyType, String caSubject) {
        this.dir = dir;
        this.keyType = keyType;
        this.ca = CertificateBuilder.ca(caSubject).keyType(keyType).build();
        this.caFile = dir.resolve("ca.pem");
        this.caKeyFile = dir.resolve("ca-key.pem");
        write(new OutputFiles()
                .addPublic(caFile, Pem.certificates(ca.chain()))
                .addPrivate(caKeyFile, Pem.privateKey(ca.privateKey(), null)));
        this.server = issue("server", serverBuilder("localhost").ip("127.0.0.1", "::1"));
        this.client = issue("client", clientBuilder("CN=test client"));
    }

    /** CA, server ({@code localhost}) and client certificates with EC P-256 keys, under {@code dir}. */
    public static TestPki create(Path dir) {
        return new TestPki(dir, KeyType.DEFAULT, CA_SUBJECT);
    }

    /** Like {@link #create(Path)} with another key type. */
    public static TestPki create(Path dir, KeyType keyType) {
        return new TestPki(dir, keyType, CA_SUBJECT);
    }

    /** Like {@link #create(Path, KeyType)} with another CA subject (e.g. a second, untrusted CA of the same name). */
    public static TestPki create(Path dir, KeyType keyType, String caSubject) {
        return new TestPki(dir, keyType, caSubject);
    }

    public Path dir() {
        return dir;
    }

    public KeyType keyType() {
        return keyType;
    }

    /** The CA's key and certificate. */
    public KeyMaterial ca() {
        return ca;
    }

    /** {@code DIR/ca.pem}: the CA certificate (CAfile). */
    public Path caFile() {
        return caFile;
    }

    /** {@code DIR/ca-key.pem}: the CA key (0600). */
    public Path caKeyFile() {
        return caKeyFile;
    }

    /** The CA certificate as a one-element list, for trust managers. */
    public List<X509Certificate> trusted() {
        return List.of(ca.certificate());
    }

    /** The default server: CN=localhost, DNS:localhost, IP:127.0.0.1, IP:::1. */
    public KeyMaterial server() {
        return server.material();
    }

    /** {@code DIR/server/Site_Cert.pem}. */
    public Path serverFile() {
        return server.file();
    }

    /** The default client: CN=test client. */
    public KeyMaterial client() {
        return client.material();
    }

    /** {@code DIR/client/Site_Cert.pem}. */
    public Path clientFile() {
        return client.file();
    }

    /** A server builder for {@code name} (CN and DNS SAN), signed by this CA, with this key type. */
    public CertificateBuilder serverBuilder(String name) {
        return CertificateBuilder.server("CN=" + name).dns(name).keyType(keyType).issuedBy(ca);
    }

    /** A client builder for {@code subjectDn}, signed by this CA, with this key type. */
    public CertificateBuilder clientBuilder(String subjectDn) {
        return CertificateBuilder.client(subjectDn).keyType(keyType).issuedBy(ca);
    }

    /** Issues a server certificate for {@code name} (+ IP:127.0.0.1), written to {@code DIR/name/Site_Cert.pem}. */
    public Issued server(String name) {
        return issue(name, serverBuilder(name).ip("127.0.0.1"));
    }

    /** Issues a client certificate {@code CN=cn}, written to {@code DIR/<cn>/Site_Cert.pem}. */
    public Issued client(String cn) {
        return issue(cn.replaceAll("[^A-Za-z0-9._-]", "_"), clientBuilder("CN=" + cn));
    }

    /** A server certificate for {@code name} that expired a year ago ({@code DIR/name/Site_Cert.pem}). */
    public Issued expiredServer(String name) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        return issue(name, serverBuilder(name).ip("127.0.0.1")
                .validity(now.minus(Duration.ofDays(730)), now.minus(Duration.ofDays(365))));
    }

    /** A server certificate for {@code name} that becomes valid in 30 days. */
    public Issued notYetValidServer(String name) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        return issue(name, serverBuilder(name).ip("127.0.0.1")
                .validity(now.plus(Duration.ofDays(30)), now.plus(Duration.ofDays(400))));
    }

    /** Builds and writes {@code DIR/<directory>/Site_Cert.pem} (key + chain, 0600). */
    public Issued issue(String directory, CertificateBuilder builder) {
        KeyMaterial m = builder.build();
        Path f = dir.resolve(directory).resolve("Site_Cert.pem");
        write(new OutputFiles().addPrivate(f, Pem.combined(m)));
        return new Issued(m, f);
    }

    /** Revokes the certificates in {@code DIR/ca.crl} (creating or updating it) and returns the file. */
    public Path revoke(Issued... certs) {
        Path crl = dir.resolve("ca.crl");
        try {
            RevocationList list = RevocationList.load(crl, ca.certificate());
            for (Issued i : certs) {
                list.revoke(i.certificate().getSerialNumber(), Crls.Reason.KEY_COMPROMISE, Instant.now());
            }
            list.write(crl, ca, Duration.ofDays(30));
            return crl;
        } catch (PkiException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** A TLS context presenting the default server certificate and trusting this CA. */
    public SSLContext serverContext() {
        return server().toSslContext(trusted());
    }

    /** A TLS context presenting the default client certificate and trusting this CA. */
    public SSLContext clientContext() {
        return client().toSslContext(trusted());
    }

    /** A TLS context that trusts this CA and presents no certificate. */
    public SSLContext trustingContext() {
        return KeyMaterial.trustingSslContext(trusted());
    }

    private static void write(OutputFiles files) {
        try {
            files.commit(true);
        } catch (PkiException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
