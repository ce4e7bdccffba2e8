package edu.tinynet.tunnel.cli;

import edu.tinynet.tunnel.pki.Certificates;
import edu.tinynet.tunnel.pki.KeyType;
import edu.tinynet.tunnel.pki.PkiException;
import edu.tinynet.tunnel.pki.TinyNetLab;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tunnel pki lab}: every certificate the TinyNet lab needs, in one directory. */
@Command(name = "lab",
        sortOptions = false,
        synopsisHeading = "%nUsage: ",
        descriptionHeading = "%n",
        optionListHeading = "%nOptions:%n",
        header = "Create the whole TinyNet lab PKI (CA, host and client certificates).",
        description = {
            "Writes the TinyNetCA, a Site_Cert.pem for ldap, mail, gw and www.tinynet.edu, and a client "
                + "certificate, all or nothing. Layout (relative to DIR):",
            "  ca.pem                          CA certificate (0644): the CAfile",
            "  ca-key.pem                      CA private key (0600)",
            "  ldap.tinynet.edu/Site_Cert.pem  DNS:ldap.tinynet.edu, IP:127.0.0.1",
            "  mail.tinynet.edu/Site_Cert.pem  DNS:mail.tinynet.edu, IP:127.0.0.1",
            "  gw.tinynet.edu/Site_Cert.pem    DNS:gw.tinynet.edu, IP:127.0.0.1",
            "  www.tinynet.edu/Site_Cert.pem   DNS:www.tinynet.edu, IP:192.168.56.252,",
            "                                  IP:127.0.0.1",
            "  client/Site_Cert.pem            CN=webserver client (clientAuth)",
            "Each Site_Cert.pem (0600) holds the private key, the certificate and the CA certificate. "
                + "Servers have serverAuth; gw, the tunnel gateway, also clientAuth."
        })
public final class PkiLabCommand extends PkiSupport {

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "Directory to write (created if needed).")
    Path dir;

    @Option(names = "--key-type", paramLabel = "TYPE", defaultValue = "ec",
            description = "ec (P-256, default), ec-p384, rsa2048, rsa3072 or ed25519.")
    String keyType;

    @Option(names = "--days", paramLabel = "N", defaultValue = "825",
            description = "Validity of the host and client certificates in days (default: ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--ca-days", paramLabel = "N", defaultValue = "3650",
            description = "Validity of the CA in days (default: ${DEFAULT-VALUE}).")
    int caDays;

    @Option(names = "--force", description = "Overwrite an existing lab in DIR.")
    boolean force;

    @Override
    int run() throws PkiException, UserError {
        KeyType type = keyType(keyType);
        if (days <= 0 || caDays <= 0) {
            throw new UserError((days <= 0 ? "--days " + days : "--ca-days " + caDays) + ": must be a positive number of days");
        }
        TinyNetLab.Result r = TinyNetLab.write(dir, type, Duration.ofDays(caDays), Duration.ofDays(days), force);
        X509Certificate ca = r.ca().certificate();
        out().printf("TinyNet lab PKI in %s (%s keys):%n", dir, KeyType.describe(ca.getPublicKey()));
        line("ca.pem", "CA " + Certificates.subject(ca) + ", until " + Certificates.time(ca.getNotAfter().toInstant()));
        line("ca-key.pem", "CA private key (0600)");
        for (TinyNetLab.Issued i : r.issued()) {
            X509Certificate c = i.material().certificate();
            List<String> sans = Certificates.subjectAltNames(c);
            String what = i.host().profile() == edu.tinynet.tunnel.pki.CertificateBuilder.Profile.CLIENT
                    ? "client  " + Certificates.subject(c)
                    : (i.host().alsoClientAuth() ? "server+client  " : "server  ") + String.join(", ", sans);
            line(i.host().siteCert().toString(), what);
        }
        out().printf("Site_Cert.pem files hold key + certificate + CA (0600); certificates valid until %s.%n",
                Certificates.time(r.issued().get(0).material().certificate().getNotAfter().toInstant()));
        return ExitCodes.OK;
    }

    private void line(String file, String what) {
        out().printf("  %-35s %s%n", file, what);
    }
}
