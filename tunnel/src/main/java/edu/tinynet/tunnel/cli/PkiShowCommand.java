package edu.tinynet.tunnel.cli;

import edu.tinynet.tunnel.pki.Certificates;
import edu.tinynet.tunnel.pki.Crls;
import edu.tinynet.tunnel.pki.KeyFiles;
import edu.tinynet.tunnel.pki.KeyMaterial;
import edu.tinynet.tunnel.pki.KeyPairs;
import edu.tinynet.tunnel.pki.KeyType;
import edu.tinynet.tunnel.pki.Pem;
import edu.tinynet.tunnel.pki.PkiException;
import edu.tinynet.tunnel.pki.Pkcs12;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.security.PrivateKey;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tunnel pki show}: what is in a PEM or PKCS#12 file. */
@Command(name = "show",
        sortOptions = false,
        synopsisHeading = "%nUsage: ",
        descriptionHeading = "%n",
        optionListHeading = "%nOptions:%n",
        header = "Show what is in PEM or PKCS#12 files.",
        description = "Prints for each certificate the subject, issuer, SANs, validity with days left (or "
                + "EXPIRED / not yet valid), SHA-256 fingerprint, key type and size, key usages and whether "
                + "it is a CA; for a private key whether it matches the certificate and whether its file mode "
                + "is safe; and the entries of CRLs. Exits 1 when a key does not match its certificate or a "
                + "file cannot be read.")
public final class PkiShowCommand extends PkiSupport {

    private static final String[] KEY_USAGES = {"digitalSignature", "nonRepudiation", "keyEncipherment",
        "dataEncipherment", "keyAgreement", "keyCertSign", "cRLSign", "encipherOnly", "decipherOnly"};

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "PEM (certificates, keys, CRLs) or PKCS#12 files.")
    List<Path> files;

    @Option(names = "--password", paramLabel = "PASS",
            description = "Password of a PKCS#12 file or an encrypted private key.")
    String password;

    @Option(names = "--alias", paramLabel = "NAME", description = "Which key entry of a PKCS#12 file holding several.")
    String alias;

    @Override
    int run() throws PkiException, UserError {
        char[] pw = password(password, "--password");
        Instant now = Instant.now();
        int rc = ExitCodes.OK;
        boolean first = true;
        for (Path f : files) {
            if (!first) {
                out().println();
            }
            first = false;
            int r = show(f, pw, now);
            if (r != ExitCodes.OK) {
                rc = r;
            }
        }
        return rc;
    }

    private int show(Path file, char[] pw, Instant now) throws PkiException {
        PrintWriter out = out();
        List<PrivateKey> keys;
        List<X509Certificate> certs;
        List<X509CRL> crls = List.of();
        int encryptedSkipped = 0;
        String kind;
        if (isPkcs12(file)) {
            KeyMaterial m = Pkcs12.read(file, pw, alias);
            keys = List.of(m.privateKey());
            certs = new ArrayList<>(m.chain());
            for (X509Certificate c : Pkcs12.certificates(file, pw)) {
                if (!certs.contains(c)) {
                    certs.add(c);
                }
            }
            kind = "PKCS#12";
        } else {
            Pem.Scan scan = Pem.scan(file, pw);
            keys = scan.contents().keys();
            certs = scan.contents().certificates();
            crls = scan.contents().crls();
            encryptedSkipped = scan.encryptedKeysSkipped();
            kind = "PEM";
        }
        List<String> parts = new ArrayList<>();
        if (!keys.isEmpty() || encryptedSkipped > 0) {
            int n = keys.size() + encryptedSkipped;
            parts.add(n + (n == 1 ? " private key" : " private keys") + (encryptedSkipped > 0 ? " (encrypted)" : ""));
        }
        if (!certs.isEmpty()) {
            parts.add(certs.size() + (certs.size() == 1 ? " certificate" : " certificates"));
        }
        if (!crls.isEmpty()) {
            parts.add(crls.size() + (crls.size() == 1 ? " CRL" : " CRLs"));
        }
        out.printf("%s: %s, %s%n", file, kind, parts.isEmpty() ? "nothing recognised" : String.join(", ", parts));

        int rc = ExitCodes.OK;
        for (PrivateKey k : keys) {
            String line = "Private key:  " + describeKey(k, certs);
            out.println(line);
            if (!certs.isEmpty() && !KeyPairs.matches(k, certs.get(0).getPublicKey())) {
                rc = ExitCodes.FAILURE;
                err().println(spec.qualifiedName() + ": " + file + ": the private key does not match certificate 1 ("
                        + Certificates.subject(certs.get(0)) + ")");
            }
        }
        if (encryptedSkipped > 0) {
            out.println("Private key:  encrypted; give --password to check that it matches the certificate");
        }
        if ((!keys.isEmpty() || encryptedSkipped > 0) && kind.equals("PEM")) {
            String mode = modeWarning(file);
            if (mode != null) {
                out.println("              " + mode);
            }
        }
        for (int i = 0; i < certs.size(); i++) {
            printCertificate(out, certs.get(i), i + 1, certs.size(), now);
        }
        for (int i = 0; i < crls.size(); i++) {
            printCrl(out, crls.get(i), i + 1, crls.size(), now);
        }
        return rc;
    }

    private static boolean isPkcs12(Path file) throws PkiException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(2);
            return Pkcs12.looksLikePkcs12(head);
        } catch (NoSuchFileException e) {
            throw new PkiException(file + ": no such file");
        } catch (IOException e) {
            throw new PkiException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static String describeKey(PrivateKey k, List<X509Certificate> certs) {
        for (int i = 0; i < certs.size(); i++) {
            if (KeyPairs.matches(k, certs.get(i).getPublicKey())) {
                return KeyType.describe(certs.get(i).getPublicKey()) + ", matches certificate " + (i + 1) + " ("
                        + Certificates.subject(certs.get(i)) + ")"
                        + (i == 0 ? "" : " -- but the leaf certificate must come first");
            }
        }
        return k.getAlgorithm() + (certs.isEmpty() ? " (no certificate in the file to compare with)"
                : ", does NOT match any certificate in the file");
    }

    private static String modeWarning(Path file) {
        try {
            if (!Files.getFileStore(file).supportsFileAttributeView(PosixFileAttributeView.class)) {
                return null;
            }
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            String mode = KeyFiles.octal(perms);
            boolean exposed = perms.stream().anyMatch(p -> p.name().startsWith("GROUP_") || p.name().startsWith("OTHERS_"));
            return exposed ? "WARNING: file mode " + mode + " lets other accounts read the key; fix: chmod 600 " + file
                    : "file mode " + mode;
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    private static void printCertificate(PrintWriter out, X509Certificate c, int index, int count, Instant now) {
        out.printf("Certificate %d of %d%n", index, count);
        row(out, "Subject", Certificates.subject(c));
        row(out, "Issuer", Certificates.issuer(c) + (Certificates.isSelfSigned(c) ? " (self-signed)" : ""));
        row(out, "Serial", Certificates.serialHex(c.getSerialNumber()));
        List<String> sans = Certificates.subjectAltNames(c);
        row(out, "SANs", sans.isEmpty() ? "(none)" : String.join(", ", sans));
        row(out, "Valid from", Certificates.time(c.getNotBefore().toInstant()));
        row(out, "Valid until", Certificates.time(c.getNotAfter().toInstant()) + " (" + Certificates.validityStatus(c, now) + ")");
        row(out, "Key", KeyType.describe(c.getPublicKey()));
        row(out, "Signature", c.getSigAlgName());
        row(out, "Key usage", keyUsage(c));
        List<String> ekus = Certificates.extendedKeyUsages(c);
        row(out, "Ext. usage", ekus.isEmpty() ? "(none)" : String.join(", ", ekus));
        int bc = c.getBasicConstraints();
        row(out, "CA", bc < 0 ? "no" : "yes" + (bc == Integer.MAX_VALUE ? "" : ", path length " + bc));
        row(out, "SHA-256", Certificates.sha256Fingerprint(c));
    }

    private static String keyUsage(X509Certificate c) {
        boolean[] ku = c.getKeyUsage();
        if (ku == null) {
            return "(none)";
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < ku.length && i < KEY_USAGES.length; i++) {
            if (ku[i]) {
                out.add(KEY_USAGES[i]);
            }
        }
        return String.join(", ", out);
    }

    private static void printCrl(PrintWriter out, X509CRL crl, int index, int count, Instant now) {
        out.printf("CRL %d of %d%n", index, count);
        row(out, "Issuer", Certificates.dn(crl.getIssuerX500Principal()));
        BigInteger n = Crls.number(crl);
        row(out, "Number", n == null ? "(none)" : n.toString());
        row(out, "This update", Certificates.time(crl.getThisUpdate().toInstant()));
        if (crl.getNextUpdate() != null) {
            Instant next = crl.getNextUpdate().toInstant();
            row(out, "Next update", Certificates.time(next) + (now.isAfter(next)
                    ? " (EXPIRED " + Certificates.span(java.time.Duration.between(next, now)) + " ago)"
                    : " (in " + Certificates.span(java.time.Duration.between(now, next)) + ")"));
        } else {
            row(out, "Next update", "(none)");
        }
        List<Crls.Entry> entries = Crls.entries(crl);
        row(out, "Revoked", entries.isEmpty() ? "none" : String.valueOf(entries.size()));
        for (Crls.Entry e : entries) {
            out.printf("    %s  since %s (%s)%n", Certificates.serialHex(e.serial()), Certificates.time(e.revokedAt()),
                    e.reason());
        }
    }

    private static void row(PrintWriter out, String label, String value) {
        out.printf("  %-12s %s%n", label + ":", value);
    }
}
