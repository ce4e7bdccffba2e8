package edu.tinynet.tunnel.cli;

import edu.tinynet.tunnel.pki.Certificates;
import edu.tinynet.tunnel.pki.ChainVerifier;
import edu.tinynet.tunnel.pki.Pem;
import edu.tinynet.tunnel.pki.PkiException;
import edu.tinynet.tunnel.pki.SubjectAltName;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tunnel pki verify}: would a TLS peer accept this certificate? */
@Command(name = "verify",
        sortOptions = false,
        synopsisHeading = "%nUsage: ",
        descriptionHeading = "%n",
        optionListHeading = "%nOptions:%n",
        header = "Verify a certificate chain against a CA file.",
        description = "Checks a certificate chain against trusted CA certificates with the JDK's PKIX "
                + "validator, plus the validity of every certificate (the CA's included), host name, IP or "
                + "e-mail, purpose and revocation. Each failed check is named on stderr: expired (with the "
                + "dates), not yet valid, untrusted issuer, host name mismatch (with the certificate's "
                + "SANs), revoked. Exits 1 when any check fails.")
public final class PkiVerifyCommand extends PkiSupport {

    /** What the certificate must be good for. */
    enum Purpose { SERVER, CLIENT }

    @Parameters(paramLabel = "CERTFILE", arity = "1",
            description = "The certificate to check, leaf first, then any intermediates (Site_Cert.pem works).")
    Path certFile;

    @Option(names = "--ca-file", paramLabel = "FILE", required = true,
            description = "Trusted CA certificates (PEM); every certificate in it is a trust anchor.")
    Path caFile;

    @Option(names = "--host", paramLabel = "NAME",
            description = "Require the certificate to match this host name (DNS SANs; an IP is matched as --ip).")
    String host;

    @Option(names = "--ip", paramLabel = "ADDR", description = "Require an IP SAN equal to this address.")
    String ip;

    @Option(names = "--email", paramLabel = "ADDR", description = "Require an email SAN equal to this address.")
    String email;

    @Option(names = "--purpose", paramLabel = "server|client",
            description = "Require the serverAuth or clientAuth extended key usage.")
    Purpose purpose;

    @Option(names = "--crl", paramLabel = "FILE",
            description = "CRL file(s) to check revocation against (repeatable); the leaf's issuer must have one.")
    List<Path> crlFiles = new ArrayList<>();

    @Option(names = "--at", paramLabel = "TIME", description = "Verify as of this time instead of now.")
    String at;

    @Override
    int run() throws PkiException, UserError {
        if (ip != null && !SubjectAltName.isIpLiteral(ip)) {
            throw new UserError("--ip " + ip + ": not an IP address literal");
        }
        var when = at != null ? time(at, "--at") : null;
        List<X509Certificate> chain = Pem.readCertificates(certFile);
        List<X509Certificate> trusted = Pem.readCertificates(caFile);
        List<X509CRL> crls = new ArrayList<>();
        for (Path f : crlFiles) {
            List<X509CRL> found = Pem.scan(f, null).contents().crls();
            if (found.isEmpty()) {
                throw new UserError(f + ": no CRL found (expected -----BEGIN X509 CRL-----)");
            }
            crls.addAll(found);
        }
        ChainVerifier v = ChainVerifier.trusting(trusted).crls(crls);
        if (when != null) {
            v.at(when);
        }
        if (host != null) {
            v.host(host);
        }
        if (ip != null) {
            v.ip(ip);
        }
        if (email != null) {
            v.email(email);
        }
        if (purpose != null) {
            v.purpose(purpose == Purpose.SERVER ? Certificates.SERVER_AUTH : Certificates.CLIENT_AUTH);
        }
        ChainVerifier.Result r = v.verify(chain);
        out().println(certFile + ": " + (r.ok() ? "OK" : "FAILED"));
        for (String p : r.passed()) {
            out().println("  " + p);
        }
        out().flush();
        for (ChainVerifier.Failure f : r.failures()) {
            err().println(spec.qualifiedName() + ": " + certFile + ": " + oneLine(f.message()));
        }
        err().flush();
        return r.ok() ? ExitCodes.OK : ExitCodes.FAILURE;
    }
}
