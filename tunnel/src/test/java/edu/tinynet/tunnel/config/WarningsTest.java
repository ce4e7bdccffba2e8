package edu.tinynet.tunnel.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Warnings computed while parsing; the configuration still loads. */
class WarningsTest {

    private static final String F = "/etc/tunnel/test.conf";

    private static List<String> warnings(Conf conf) throws ConfigException {
        return conf.parse().diagnostics().stream().filter(d -> !d.isError()).map(Diagnostic::format).toList();
    }

    private static Conf client() {
        return Conf.baseline().service("client", "yes");
    }

    @Test
    void baselineServerHasNoWarnings() throws ConfigException {
        assertEquals(List.of(), warnings(Conf.baseline()));
    }

    @Test
    void clientWithoutVerificationNeedsAuthentication() throws ConfigException {
        assertEquals(List.of("Service [svc] needs authentication to prevent MITM attacks"), warnings(client()));
    }

    @Test
    void verifyChainWithoutSubjectChecks() throws ConfigException {
        assertEquals(List.of("Service [svc] uses \"verifyChain\" without subject checks"),
                warnings(client().service("CAfile", "ca.pem").service("verifyChain", "yes")));
    }

    @Test
    void verifiedClientWithCheckHostIsQuiet() throws ConfigException {
        assertEquals(List.of(), warnings(client().service("CAfile", "ca.pem").service("verifyChain", "yes")
                .service("checkHost", "ldap.tinynet.edu")));
    }

    @Test
    void pinnedClientIsQuiet() throws ConfigException {
        assertEquals(List.of(), warnings(client().service("CAfile", "peer.pem").service("verifyPeer", "yes")));
    }

    @Test
    void verifyChainWithoutTrustAnchors() throws ConfigException {
        assertEquals(List.of("Service [svc]: No trusted certificates found: verifyChain without CAfile or CApath"),
                warnings(Conf.baseline().service("verifyChain", "yes")));
    }

    @Test
    void legacyProtocolVersion() throws ConfigException {
        Conf conf = Conf.baseline().service("sslVersionMin", "TLSv1");
        assertEquals(List.of(F + ":" + conf.lineOf("sslVersionMin = TLSv1")
                + ": \"sslVersionMin = TLSv1\": Enables TLSv1: protocol versions below TLSv1.2 are insecure"),
                warnings(conf));
        assertEquals(TlsVersion.TLSv1, conf.svc().tls().minVersion());
    }

    @Test
    void legacyVersionViaSslVersionAll() throws ConfigException {
        assertEquals(List.of(F + ":7: \"sslVersion = all\": Enables SSLv3: protocol versions below TLSv1.2 are insecure"),
                warnings(Conf.baseline().service("sslVersion", "all")));
    }

    @Test
    void legacyVersionInTheGlobalSectionIsWarnedOnce() throws ConfigException {
        String text = "cert = s.pem\nsslVersionMin = TLSv1.1\n[a]\naccept = 1\nconnect = 1\n[b]\naccept = 2\nconnect = 2\n";
        List<Diagnostic> diagnostics = ConfigParser.parse(text, Conf.FILE, ParseOptions.STRICT).diagnostics();
        assertEquals(1, diagnostics.size(), diagnostics.toString());
    }

    @Test
    void renegotiationEnabled() throws ConfigException {
        assertEquals(List.of(F + ":7: \"renegotiation = yes\": TLS renegotiation enabled: peer-initiated "
                + "renegotiation invites denial-of-service attacks"), warnings(Conf.baseline().service("renegotiation", "yes")));
    }

    @Test
    void delayForcesPrio() throws ConfigException {
        Conf conf = Conf.baseline().service("delay", "yes").service("failover", "rr");
        assertEquals(List.of("Service [svc]: failover = rr is ignored with delay = yes: prio is used"), warnings(conf));
        assertEquals(Failover.PRIO, conf.svc().failover());
    }

    @Test
    void sniInServerMode() throws ConfigException {
        assertEquals(List.of("Service [svc]: sni = a.tinynet.edu is ignored in server mode"),
                warnings(Conf.baseline().service("sni", "a.tinynet.edu")));
    }

    @Test
    void tls13SuiteTheJvmLacksIsLeftOutWithAWarning() throws ConfigException {
        Conf conf = Conf.baseline().service("ciphersuites", "TLS_AES_128_CCM_8_SHA256:TLS_AES_128_GCM_SHA256");
        assertTrue(warnings(conf).get(0).endsWith("Not supported by this Java runtime, left out: TLS_AES_128_CCM_8_SHA256"),
                warnings(conf).toString());
        assertEquals(List.of("TLS_AES_128_GCM_SHA256"), conf.svc().tls().tls13CipherSuites());
    }

    @Test
    void warningsAreCarriedInTheConfig() throws ConfigException {
        TunnelConfig config = client().parse();
        assertEquals(Diagnostic.WARNING, config.diagnostics().get(0).severity());
        assertEquals("svc", config.diagnostics().get(0).service());
    }
}
