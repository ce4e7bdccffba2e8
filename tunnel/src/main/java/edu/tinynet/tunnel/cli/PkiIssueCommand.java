package edu.tinynet.tunnel.cli;

import edu.tinynet.tunnel.pki.CertificateBuilder;
import edu.tinynet.tunnel.pki.Certificates;
import edu.tinynet.tunnel.pki.KeyMaterial;
import edu.tinynet.tunnel.pki.KeyType;
import edu.tinynet.tunnel.pki.OutputFiles;
import edu.tinynet.tunnel.pki.Pem;
import edu.tinynet.tunnel.pki.PkiException;
import edu.tinynet.tunnel.pki.SubjectAltName;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.style.BCStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tunnel pki issue}: a server or client certificate signed by a CA. */
@Command(name = "issue",
        sortOptions = false,
        synopsisHeading = "%nUsage: ",
        descriptionHeading = "%n",
        optionListHeading = "%nOptions:%n",
        header = "Issue a server or client certificate signed by a CA.",
        description = "Issues a server certificate (serverAuth EKU), or with --client a client certificate "
                + "(clientAuth EKU), with a fresh key. Writes one combined file, by default Site_Cert.pem: "
                + "the private key followed by the certificate chain, which is what stunnel's cert= option "
                + "reads; or, with --cert and --key, two separate files.")
public final class PkiIssueCommand extends PkiSupport {

    @Mixin
    CaOptions signer;

    @Option(names = "--subject", paramLabel = "DN",
            description = "Subject, e.g. \"CN=ldap.tinynet.edu,O=tinynet.edu\" (default: CN=first SAN).")
    String subject;

    @Option(names = "--san", paramLabel = "LIST",
            description = "Subject alternative names, comma-separated, repeatable; types DNS, IP and email, "
                    + "e.g. DNS:www.tinynet.edu,IP:192.168.56.252. Without --san a server certificate gets "
                    + "its CN as its SAN.")
    List<String> sans = new ArrayList<>();

    @Option(names = "--client", description = "Issue a client certificate (clientAuth) instead of a server one.")
    boolean client;

    @Option(names = "--also-client-auth",
            description = "Server certificate that may also authenticate as a TLS client (serverAuth + clientAuth).")
    boolean alsoClientAuth;

    @Option(names = "--key-type", paramLabel = "TYPE", defaultValue = "ec",
            description = "ec (P-256, default), ec-p384, rsa2048, rsa3072 or ed25519.")
    String keyType;

    @Option(names = "--days", paramLabel = "N", description = "Validity in days (default 825).")
    Integer days;

    @Option(names = "--not-before", paramLabel = "TIME", description = "Start of validity (default: now).")
    String notBefore;

    @Option(names = "--not-after", paramLabel = "TIME",
            description = "End of validity (instead of --days); a past time makes an expired certificate.")
    String notAfter;

    @Option(names = "--out", paramLabel = "FILE",
            description = "Combined output: key, then the chain (default Site_Cert.pem unless --cert/--key).")
    Path combinedFile;

    @Option(names = "--cert", paramLabel = "FILE", description = "Write the certificate chain here (with --key).")
    Path certFile;

    @Option(names = "--key", paramLabel = "FILE", description = "Write the private key here (with --cert).")
    Path keyFile;

    @Option(names = "--key-password", paramLabel = "PASS",
            description = "Encrypt the written private key (PKCS#8, AES-256). stunnel then asks for it at start.")
    String keyPassword;

    @Option(names = "--force", description = "Overwrite existing files.")
    boolean force;

    @Option(names = "--allow-insecure-key-file",
            description = "Accept a CA key file that group or others can read (logged as a warning).")
    boolean allowInsecureKeyFile;

    @Override
    int run() throws PkiException, UserError {
        // validate every option before touching the CA key or generating anything
        KeyType type = keyType(keyType);
        Instant[] window = validity(days, notBefore, notAfter, 825);
        if (client && alsoClientAuth) {
            throw new UserError("--client and --also-client-auth cannot be used together");
        }
        if ((certFile == null) != (keyFile == null)) {
            throw new UserError(certFile == null ? "--key needs --cert" : "--cert needs --key");
        }
        if (combinedFile != null && certFile != null) {
            throw new UserError("--out (combined file) and --cert/--key (separate files) cannot be used together");
        }
        List<SubjectAltName> names = new ArrayList<>();
        for (String s : sans) {
            names.addAll(SubjectAltName.parseList(s));
        }
        String dn = subject;
        String note = null;
        if (dn == null) {
            if (names.isEmpty()) {
                throw new UserError("give --subject (e.g. \"CN=webserver client\") or at least one --san");
            }
            dn = "CN=" + names.get(0).value();
        } else if (dn.isBlank()) {
            throw new UserError("--subject must not be empty");
        }
        CertificateBuilder.parseDn(dn);
        if (!client && names.isEmpty()) {
            SubjectAltName fromCn = sanFromCn(dn);
            if (fromCn == null) {
                throw new UserError("a server certificate needs a --san (clients check the host name against the SANs),"
                        + " and the CN of \"" + dn + "\" is not a host name or IP address");
            }
            names.add(fromCn);
            note = "no --san given: added " + fromCn + " from the CN";
        }
        char[] keyPw = password(keyPassword, "--key-password");

        KeyMaterial ca = signer.load(this, allowInsecureKeyFile);
        CertificateBuilder b = client ? CertificateBuilder.client(dn) : CertificateBuilder.server(dn);
        b.keyType(type).sans(names).validity(window[0], window[1]).issuedBy(ca);
        if (alsoClientAuth) {
            b.alsoClientAuth();
        }
        KeyMaterial leaf = b.build();

        OutputFiles files = new OutputFiles();
        Path combined = combinedFile != null ? combinedFile : (certFile == null ? Path.of("Site_Cert.pem") : null);
        if (combined != null) {
            files.addPrivate(combined, Pem.privateKey(leaf.privateKey(), keyPw) + Pem.certificates(leaf.chain()));
        } else {
            files.addPublic(certFile, Pem.certificates(leaf.chain()));
            files.addPrivate(keyFile, Pem.privateKey(leaf.privateKey(), keyPw));
        }
        files.commit(force);

        X509Certificate cert = leaf.certificate();
        if (note != null) {
            out().println("note: " + note);
        }
        out().printf("%s certificate %s (%s)%n", client ? "client" : "server", Certificates.subject(cert),
                KeyType.describe(cert.getPublicKey()));
        List<String> sanText = Certificates.subjectAltNames(cert);
        if (!sanText.isEmpty()) {
            out().printf("  SANs:      %s%n", String.join(", ", sanText));
        }
        out().printf("  usage:     %s%n", String.join(", ", Certificates.extendedKeyUsages(cert)));
        out().printf("  validity:  %s to %s (%s)%n", Certificates.time(cert.getNotBefore().toInstant()),
                Certificates.time(cert.getNotAfter().toInstant()), Certificates.validityStatus(cert, Instant.now()));
        out().printf("  issuer:    %s%n", Certificates.subject(ca.certificate()));
        out().printf("  serial:    %s%n", Certificates.serialHex(cert.getSerialNumber()));
        if (combined != null) {
            out().printf("  wrote %s (0600): private key + %d certificate(s)%n", combined, leaf.chain().size());
        } else {
            out().printf("  wrote %s (0644) and %s (0600)%n", certFile, keyFile);
        }
        if (cert.getNotAfter().after(ca.certificate().getNotAfter())) {
            out().println("warning: the certificate outlives its CA ("
                    + Certificates.time(ca.certificate().getNotAfter().toInstant()) + ")");
        }
        return ExitCodes.OK;
    }

    /** The CN of a DN as a SAN, when it is a host name or IP literal; else null. */
    private static SubjectAltName sanFromCn(String dn) {
        RDN[] cns = CertificateBuilder.parseDn(dn).getRDNs(BCStyle.CN);
        if (cns.length == 0) {
            return null;
        }
        String cn = cns[0].getFirst().getValue().toString();
        try {
            return SubjectAltName.isIpLiteral(cn) ? SubjectAltName.ip(cn) : SubjectAltName.dns(cn);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
