package edu.tinynet.tunnel.tls;

import static edu.tinynet.tunnel.tls.Handshakes.assertSucceeded;
import static edu.tinynet.tunnel.tls.Handshakes.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.tinynet.tunnel.config.TlsVersion;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Protocol versions and cipher suites: safe defaults, explicit choices, what the JVM refuses. */
class ProtocolPolicyTest {

    @TempDir
    Path dir;
    Fixture f;

    @BeforeEach
    void setUp() throws Exception {
        f = new Fixture(dir);
    }

    @Test
    void defaultProtocolsAreTls12AndTls13() throws Exception {
        ServiceTls s = f.serverSettings().server();
        assertEquals(List.of("TLSv1.2", "TLSv1.3"), s.protocols());
        SSLEngine e = s.newEngine(false, "127.0.0.1", 1);
        assertEquals(List.of("TLSv1.2", "TLSv1.3"), Arrays.stream(e.getEnabledProtocols()).sorted().toList());
    }

    @Test
    void defaultSuitesAreForwardSecretAeadWithAesGcmFirst() throws Exception {
        ServiceTls s = f.serverSettings().server();
        List<String> suites = Arrays.asList(s.newEngine(false, "127.0.0.1", 1).getEnabledCipherSuites());
        assertEquals(s.cipherSuites(), suites);
        for (String suite : suites) {
            assertTrue(TlsDefaults.isForwardSecret(suite), suite);
            assertTrue(suite.contains("_GCM_") || suite.contains("CHACHA20_POLY1305"), suite);
        }
        assertEquals(List.of("TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256", "TLS_CHACHA20_POLY1305_SHA256"),
                suites.subList(0, 3));
        int lastGcm = 0;
        int firstChacha = Integer.MAX_VALUE;
        for (int i = 3; i < suites.size(); i++) {
            if (suites.get(i).contains("GCM")) {
                lastGcm = i;
            } else {
                firstChacha = Math.min(firstChacha, i);
            }
        }
        assertTrue(lastGcm < firstChacha, "AES-GCM before ChaCha20: " + suites);
    }

    @Test
    void legacyVersionsAreReportedAndLeftOut() throws Exception {
        Fixture.Tls s = f.serverSettings();
        s.min = TlsVersion.TLSv1;
        List<String> warnings = new ArrayList<>();
        ServiceTls server = s.server(warnings);
        assertEquals(List.of("TLSv1.2", "TLSv1.3"), server.protocols());
        assertEquals(List.of("TLSv1", "TLSv1.1"), server.refusedProtocols());
        assertTrue(warnings.stream().anyMatch(w -> w.startsWith("sslVersionMin = TLSv1: the JVM disables TLSv1, TLSv1.1 "
                + "(security property jdk.tls.disabledAlgorithms") && w.endsWith("this service uses TLSv1.2, TLSv1.3 only")),
                warnings.toString());
    }

    @Test
    void onlyLegacyVersionsIsAnError() {
        Fixture.Tls s = f.serverSettings();
        s.min = TlsVersion.TLSv1;
        s.max = TlsVersion.TLSv1_1;
        String m = assertThrows(TlsConfigException.class, s::server).getMessage();
        assertTrue(m.startsWith("Service [srv]: sslVersionMax = TLSv1.1: the JVM disables TLSv1, TLSv1.1"), m);
        assertTrue(m.endsWith("so no protocol version is left"), m);
    }

    @Test
    void tls12OnlyClientGetsTls12WithEcdheAead() throws Exception {
        Fixture.Tls c = f.clientSettings();
        c.max = TlsVersion.TLSv1_2;
        EnginePair p = run(c.client(), f.serverSettings().server());
        assertSucceeded(p);
        assertEquals("TLSv1.2", p.server.getSession().getProtocol());
        assertEquals("TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", p.server.getSession().getCipherSuite());
    }

    @Test
    void serverRequiringTls13ExplainsRefusalOfTls12Client() throws Exception {
        Fixture.Tls c = f.clientSettings();
        c.max = TlsVersion.TLSv1_2;
        Fixture.Tls s = f.serverSettings();
        s.min = TlsVersion.TLSv1_3;
        EnginePair p = run(c.client(), s.server());
        assertEquals("peer offered only TLSv1.2; minimum here is TLSv1.3 (sslVersionMin)",
                HandshakeFailures.describe(p.serverError, false));
        assertEquals("the peer refused the TLS version (protocol_version alert): no version in common; compare "
                + "sslVersionMin/sslVersionMax on both sides", HandshakeFailures.describe(p.clientError, true));
    }

    @Test
    void serverCipherOrderWins() throws Exception {
        Fixture.Tls s = f.serverSettings();
        s.cipherSuites = List.of("TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
        Fixture.Tls c = f.clientSettings();
        c.max = TlsVersion.TLSv1_2;
        EnginePair p = run(c.client(), s.server());
        assertSucceeded(p);
        assertEquals("TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", p.client.getSession().getCipherSuite());
    }

    @Test
    void configuredTls13SuiteIsUsed() throws Exception {
        Fixture.Tls s = f.serverSettings();
        s.tls13CipherSuites = List.of("TLS_AES_128_GCM_SHA256");
        EnginePair p = run(f.clientSettings().client(), s.server());
        assertSucceeded(p);
        assertEquals("TLS_AES_128_GCM_SHA256", p.client.getSession().getCipherSuite());
    }

    @Test
    void noSharedSuiteIsExplained() throws Exception {
        Fixture.Tls s = f.serverSettings();
        s.max = TlsVersion.TLSv1_2;
        s.cipherSuites = List.of("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
        Fixture.Tls c = f.clientSettings();
        c.cipherSuites = List.of("TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256");
        EnginePair p = run(c.client(), s.server());
        assertEquals("no cipher suite in common: the peer offered none of the suites enabled here (ciphers, ciphersuites) "
                + "that fit this side's certificate and groups", HandshakeFailures.describe(p.serverError, false));
    }

    @Test
    void suitesWithoutForwardSecrecyAreWarnedAbout() throws Exception {
        Fixture.Tls s = f.serverSettings();
        s.ciphers = "AES128-GCM-SHA256";
        s.cipherSuites = List.of("TLS_RSA_WITH_AES_128_GCM_SHA256");
        List<String> warnings = new ArrayList<>();
        s.server(warnings);
        assertTrue(warnings.contains("ciphers = AES128-GCM-SHA256: includes suites without forward secrecy: "
                + "TLS_RSA_WITH_AES_128_GCM_SHA256"), warnings.toString());
    }

    @Test
    void tls13OnlyServiceHasNoTls12Suites() throws Exception {
        Fixture.Tls s = f.serverSettings();
        s.min = TlsVersion.TLSv1_3;
        ServiceTls server = s.server();
        assertTrue(server.cipherSuites().stream().allMatch(TlsDefaults::isTls13Suite), server.cipherSuites().toString());
        assertEquals(false, server.refusesRenegotiation(), "nothing to guard: TLS 1.3 has no renegotiation");
    }
}
