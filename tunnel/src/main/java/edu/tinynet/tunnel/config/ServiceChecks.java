package edu.tinynet.tunnel.config;

import java.util.List;

/**
 * The final per-service checks, run once a service section is complete: missing endpoints, server
 * without certificate, inconsistent TLS settings (errors), and stunnel's security warnings.
 */
final class ServiceChecks {

    private final ServiceDraft d;
    private final List<Diagnostic> out;
    private boolean ok = true;

    private ServiceChecks(ServiceDraft draft, List<Diagnostic> out) {
        this.d = draft;
        this.out = out;
    }

    /** Checks {@code draft}, adds diagnostics to {@code out}; returns false when it has errors. */
    static boolean check(ServiceDraft draft, List<Diagnostic> out) {
        ServiceChecks checks = new ServiceChecks(draft, out);
        checks.errors();
        checks.warnings();
        return checks.ok;
    }

    private void errors() {
        boolean endpointRejected = d.wasRejected("accept") || d.wasRejected("connect");
        if ((d.accept == null || d.connect.isEmpty()) && !endpointRejected) {
            error(null, "Each service must define two endpoints");
        } else if (endpointRejected) {
            ok = false;
        }
        if (!d.client && d.cert == null && !d.wasRejected("cert")) {
            error(null, "TLS server needs a certificate");
        }
        if (d.keySet && d.cert == null) {
            error(d.setAt("key"), "A private key (key) needs a certificate (cert)");
        }
        if (d.minVersion.compareTo(d.maxVersion) > 0) {
            error(null, "sslVersionMin (" + d.minVersion.stunnelName() + ") is above sslVersionMax ("
                    + d.maxVersion.stunnelName() + ")");
        }
        if (d.minVersion.compareTo(TlsVersion.TLSv1_2) <= 0 && d.cipherSuites.isEmpty()) {
            error(d.setAt("ciphers"), "No cipher suite supported by this Java runtime matches \"" + d.ciphers + "\"");
        }
        if (d.maxVersion == TlsVersion.TLSv1_3 && d.tls13CipherSuites.isEmpty()) {
            error(d.setAt("ciphersuites"), "No TLS 1.3 cipher suite supported by this Java runtime in \""
                    + d.tls13Spec + "\"");
        }
        if (d.verifyPeer && d.caFile == null && d.caPath == null) {
            error(null, "verifyPeer needs CAfile or CApath (the certificates to pin)");
        }
    }

    private void warnings() {
        if (d.verifyChain && d.caFile == null && d.caPath == null) {
            warn("No trusted certificates found: verifyChain without CAfile or CApath");
        }
        if (d.client && !d.verifyChain && !d.verifyPeer) {
            warn("Service [" + d.name + "] needs authentication to prevent MITM attacks");
        }
        if (d.client && d.verifyChain && d.checkHost.isEmpty() && d.checkIp.isEmpty() && d.checkEmail.isEmpty()) {
            warn("Service [" + d.name + "] uses \"verifyChain\" without subject checks");
        }
        if (d.delay && d.failover == Failover.RR) {
            d.failover = Failover.PRIO;
            warn("failover = rr is ignored with delay = yes: prio is used");
        }
        if (!d.client && d.sni != null && !d.sni.isEmpty()) {
            warn("sni = " + d.sni + " is ignored in server mode");
        }
    }

    private void error(SourceLocation where, String message) {
        ok = false;
        out.add(new Diagnostic(Diagnostic.ERROR, where, d.name, message));
    }

    private void warn(String message) {
        out.add(new Diagnostic(Diagnostic.WARNING, null, d.name, message));
    }
}
