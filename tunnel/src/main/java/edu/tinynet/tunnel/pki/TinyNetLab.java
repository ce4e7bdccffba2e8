package edu.tinynet.tunnel.pki;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The TinyNet lab's certificates, as {@code tunnel pki lab} writes them:
 *
 * <pre>
 * DIR/ca.pem                           TinyNetCA certificate (0644): the CAfile everywhere
 * DIR/ca-key.pem                       TinyNetCA private key (0600)
 * DIR/ldap.tinynet.edu/Site_Cert.pem   server: DNS:ldap.tinynet.edu, IP:127.0.0.1
 * DIR/mail.tinynet.edu/Site_Cert.pem   server: DNS:mail.tinynet.edu, IP:127.0.0.1
 * DIR/gw.tinynet.edu/Site_Cert.pem     server + client: DNS:gw.tinynet.edu, IP:127.0.0.1
 * DIR/www.tinynet.edu/Site_Cert.pem    server: DNS:www.tinynet.edu, IP:192.168.56.252, IP:127.0.0.1
 * DIR/client/Site_Cert.pem             client: CN=webserver client
 * </pre>
 *
 * <p>Each {@code Site_Cert.pem} (0600) holds the private key followed by the certificate and the
 * CA certificate. Every server also carries {@code IP:127.0.0.1} because the lab's tests and
 * tunnels reach the servers over loopback. {@code gw} is the tunnel gateway, which also connects
 * out as a TLS client, so its certificate has both serverAuth and clientAuth.
 */
public final class TinyNetLab {

    /** Subject of the lab CA. */
    public static final String CA_SUBJECT = "CN=TinyNetCA,O=tinynet.edu";
    /** File name of the CA certificate in the lab directory. */
    public static final String CA_FILE = "ca.pem";
    /** File name of the CA private key in the lab directory. */
    public static final String CA_KEY_FILE = "ca-key.pem";
    /** File name of each host's combined key and chain. */
    public static final String SITE_CERT = "Site_Cert.pem";

    /** One certificate of the lab. */
    public record Host(String directory, String subject, CertificateBuilder.Profile profile, boolean alsoClientAuth,
            List<SubjectAltName> sans) {
        public Host {
            sans = List.copyOf(sans);
        }

        /** The combined file, relative to the lab directory. */
        public Path siteCert() {
            return Path.of(directory, SITE_CERT);
        }
    }

    /** One issued certificate and where it was written. */
    public record Issued(Host host, KeyMaterial material, Path file) {
    }

    /** Everything written. */
    public record Result(Path directory, KeyMaterial ca, Path caFile, Path caKeyFile, List<Issued> issued) {
        public Result {
            issued = List.copyOf(issued);
        }

        /** The issued certificate for a directory name such as {@code ldap.tinynet.edu} or {@code client}. */
        public Issued get(String directoryName) {
            return issued.stream().filter(i -> i.host().directory().equals(directoryName)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no lab host " + directoryName));
        }
    }

    private TinyNetLab() {
    }

    /** The lab's hosts and the client, in the order they are written. */
    public static List<Host> hosts() {
        SubjectAltName loopback = SubjectAltName.ip("127.0.0.1");
        return List.of(
                server("ldap.tinynet.edu", false, loopback),
                server("mail.tinynet.edu", false, loopback),
                server("gw.tinynet.edu", true, loopback),
                server("www.tinynet.edu", false, SubjectAltName.ip("192.168.56.252"), loopback),
                new Host("client", "CN=webserver client,O=tinynet.edu", CertificateBuilder.Profile.CLIENT, false, List.of()));
    }

    private static Host server(String name, boolean alsoClient, SubjectAltName... ips) {
        List<SubjectAltName> sans = new ArrayList<>();
        sans.add(SubjectAltName.dns(name));
        sans.addAll(List.of(ips));
        return new Host(name, "CN=" + name + ",O=tinynet.edu", CertificateBuilder.Profile.SERVER, alsoClient, sans);
    }

    /**
     * Makes the CA and every certificate with the default validity (CA 10 years, leaves 825 days)
     * and writes them under {@code dir}, all files or none.
     */
    public static Result write(Path dir, KeyType keyType, boolean overwrite) throws PkiException {
        return write(dir, keyType, Duration.ofDays(3650), Duration.ofDays(825), overwrite);
    }

    /** Like {@link #write(Path, KeyType, boolean)} with explicit validity periods. */
    public static Result write(Path dir, KeyType keyType, Duration caValidity, Duration leafValidity, boolean overwrite)
            throws PkiException {
        Instant from = Instant.now().minus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
        KeyMaterial ca = CertificateBuilder.ca(CA_SUBJECT).keyType(keyType)
                .validity(from, from.plus(caValidity)).build();
        OutputFiles files = new OutputFiles();
        Path caFile = dir.resolve(CA_FILE);
        Path caKeyFile = dir.resolve(CA_KEY_FILE);
        files.addPublic(caFile, Pem.certificates(ca.chain()));
        files.addPrivate(caKeyFile, Pem.privateKey(ca.privateKey(), null));
        List<Issued> issued = new ArrayList<>();
        for (Host h : hosts()) {
            CertificateBuilder b = CertificateBuilder.of(h.profile(), h.subject()).keyType(keyType)
                    .sans(h.sans()).validity(from, from.plus(leafValidity)).issuedBy(ca);
            if (h.alsoClientAuth()) {
                b.alsoClientAuth();
            }
            KeyMaterial m = b.build();
            Path f = dir.resolve(h.siteCert());
            files.addPrivate(f, Pem.combined(m));
            issued.add(new Issued(h, m, f));
        }
        files.commit(overwrite);
        return new Result(dir, ca, caFile, caKeyFile, issued);
    }
}
