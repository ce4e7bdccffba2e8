package edu.tinynet.lab;

import edu.tinynet.tunnel.pki.Certificates;
import edu.tinynet.tunnel.pki.ChainVerifier;
import edu.tinynet.tunnel.pki.KeyFiles;
import edu.tinynet.tunnel.pki.KeyMaterial;
import edu.tinynet.tunnel.pki.KeyType;
import edu.tinynet.tunnel.pki.Pem;
import edu.tinynet.tunnel.pki.PkiException;
import edu.tinynet.tunnel.pki.TinyNetLab;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The lab's certificates in {@code WORK/certs}, as {@code tunnel pki lab} writes them. Existing ones
 * are reused when every file is there, readable, private where it must be, signed by the lab CA,
 * for the right name, with its key, and valid for at least another day; otherwise (or when asked)
 * the whole set is made again, and the reason is reported.
 *
 * @param directory the certificate directory
 * @param caFile    TinyNetCA's certificate, the {@code CAfile} of every verifying side
 * @param ca        TinyNetCA
 * @param siteCerts each host's {@code Site_Cert.pem} (key, certificate, CA certificate; mode 0600)
 * @param created   true when this run made them
 * @param note      one line for the start-up output
 */
public record LabCertificates(Path directory, Path caFile, X509Certificate ca, Map<LabHost, Path> siteCerts,
        boolean created, String note) {

    /** Certificates with less validity left than this are made again. */
    static final Duration MIN_VALIDITY_LEFT = Duration.ofDays(1);

    public LabCertificates {
        siteCerts = Map.copyOf(siteCerts);
    }

    /** The host's {@code Site_Cert.pem}. */
    public Path siteCert(LabHost host) {
        return siteCerts.get(host);
    }

    /**
     * Reuses the certificates in {@code dir} if they are all valid, else makes a new set.
     *
     * @param renew make a new set even when the existing one is valid
     */
    public static LabCertificates ensure(Path dir, boolean renew, Consumer<String> progress) throws LabException {
        Path abs = dir.toAbsolutePath().normalize();
        String problem = renew ? "new ones requested" : check(abs);
        if (problem == null) {
            try {
                X509Certificate ca = Pem.readCertificates(abs.resolve(TinyNetLab.CA_FILE)).get(0);
                return new LabCertificates(abs, abs.resolve(TinyNetLab.CA_FILE), ca, files(abs), false,
                        "reusing " + abs + " (TinyNetCA valid until "
                                + Certificates.time(ca.getNotAfter().toInstant()) + ")");
            } catch (PkiException e) {
                problem = e.getMessage();
            }
        }
        boolean existed = Files.exists(abs.resolve(TinyNetLab.CA_FILE));
        try {
            TinyNetLab.Result r = TinyNetLab.write(abs, KeyType.EC_P256, true);
            String why = existed ? " (the old set is not usable: " + problem + ")" : "";
            if (progress != null && existed) {
                progress.accept("certificates in " + abs + " are not usable: " + problem);
            }
            return new LabCertificates(abs, r.caFile(), r.ca().certificate(), files(abs), true,
                    "made new lab certificates in " + abs + why);
        } catch (PkiException e) {
            throw new LabException("certificates", "cannot write the lab certificates to " + abs + ": " + e.getMessage(), e);
        }
    }

    private static Map<LabHost, Path> files(Path dir) {
        Map<LabHost, Path> m = new EnumMap<>(LabHost.class);
        for (LabHost h : LabHost.values()) {
            m.put(h, dir.resolve(h.dnsName()).resolve(TinyNetLab.SITE_CERT));
        }
        return m;
    }

    /** Why the set in {@code dir} cannot be reused, or null when it can. */
    static String check(Path dir) {
        Path caFile = dir.resolve(TinyNetLab.CA_FILE);
        if (!Files.isRegularFile(caFile)) {
            return caFile + " does not exist";
        }
        Instant soon = Instant.now().plus(MIN_VALIDITY_LEFT);
        X509Certificate ca;
        try {
            List<X509Certificate> cas = Pem.readCertificates(caFile);
            if (cas.isEmpty()) {
                return caFile + " holds no certificate";
            }
            ca = cas.get(0);
            if (!Certificates.isCa(ca)) {
                return caFile + " is not a CA certificate";
            }
            if (ca.getNotAfter().toInstant().isBefore(soon)) {
                return caFile + " expires " + Certificates.time(ca.getNotAfter().toInstant());
            }
        } catch (PkiException e) {
            return e.getMessage();
        }
        for (TinyNetLab.Host h : TinyNetLab.hosts()) {
            Path f = dir.resolve(h.siteCert());
            if (!Files.isRegularFile(f)) {
                return f + " does not exist";
            }
            try {
                KeyFiles.checkPrivateKeyFile(f, false);
                KeyMaterial m = Pem.readKeyMaterial(f, null, null, false);
                if (!m.keyMatchesCertificate()) {
                    return f + ": the private key does not match the certificate";
                }
                ChainVerifier v = ChainVerifier.trusting(List.of(ca)).at(soon);
                LabHost host = LabHost.byDnsName(h.directory());
                if (host != null) {
                    v.host(host.dnsName()).purpose(Certificates.SERVER_AUTH);
                }
                ChainVerifier.Result r = v.verify(m.chain());
                if (!r.ok()) {
                    return f + ": " + r.failures().get(0).message();
                }
            } catch (PkiException e) {
                return e.getMessage();
            }
        }
        return null;
    }
}
