package edu.tinynet.tunnel.tls;

import static edu.tinynet.tunnel.tls.Handshakes.assertSucceeded;
import static edu.tinynet.tunnel.tls.Handshakes.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.tinynet.tunnel.config.TlsVersion;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** curves: per-service key exchange groups on Java 17 (no SSLParameters.setNamedGroups). */
class NamedGroupsTest {

    @TempDir
    Path dir;
    Fixture f;

    @BeforeEach
    void setUp() throws Exception {
        f = new Fixture(dir);
    }

    @Test
    void openSslAndNistNamesMapToJsseNames() {
        assertEquals("secp256r1", NamedGroups.canonical("prime256v1"));
        assertEquals("secp384r1", NamedGroups.canonical("P-384"));
        assertEquals("x25519", NamedGroups.canonical("X25519"));
        assertNull(NamedGroups.canonical("brainpoolP256r1"));
    }

    @Test
    void effectiveGroupsFollowTheJvmOrder() {
        assertEquals(List.of("x25519", "secp384r1"), NamedGroups.effective(List.of("secp384r1", "X25519")));
    }

    @Test
    void disjointGroupsFailTheHandshakePerService() throws Exception {
        Fixture.Tls c = f.clientSettings();
        c.curves = List.of("X25519");
        Fixture.Tls s = f.serverSettings();
        s.curves = List.of("secp384r1");
        EnginePair p = run(c.client(), s.server());
        assertEquals("no key exchange group in common: the peer offered none of the groups enabled here (curves)",
                HandshakeFailures.describe(p.serverError, false));
        // the same JVM, other services: unaffected
        assertSucceeded(run(f.clientSettings().client(), f.serverSettings().server()));
    }

    @Test
    void matchingGroupsHandshake() throws Exception {
        Fixture.Tls c = f.clientSettings();
        c.curves = List.of("secp384r1", "x25519");
        Fixture.Tls s = f.serverSettings();
        s.curves = List.of("secp384r1");
        assertSucceeded(run(c.client(), s.server()));
    }

    @Test
    void x25519OnlyStillWorksWithP256CertificateOverTls13() throws Exception {
        Fixture.Tls c = f.clientSettings();
        c.curves = List.of("X25519");
        Fixture.Tls s = f.serverSettings();
        s.curves = List.of("X25519");
        EnginePair p = run(c.client(), s.server());
        assertSucceeded(p);
        assertEquals("TLSv1.3", p.client.getSession().getProtocol());
    }

    @Test
    void serverLimitedToX25519StillServesP256CertificateOverTls12() throws Exception {
        Fixture.Tls s = f.serverSettings();
        s.curves = List.of("X25519");
        Fixture.Tls c = f.clientSettings();
        c.max = TlsVersion.TLSv1_2;
        EnginePair p = run(c.client(), s.server());
        assertSucceeded(p);
        assertEquals("TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", p.server.getSession().getCipherSuite());
    }

    @Test
    void clientLimitedToX25519CannotGetP256CertificateOverTls12() throws Exception {
        // RFC 8422: the client's groups also bound the server's ECDSA certificate curve in TLS 1.2
        Fixture.Tls c = f.clientSettings();
        c.max = TlsVersion.TLSv1_2;
        c.curves = List.of("X25519");
        EnginePair p = run(c.client(), f.serverSettings().server());
        assertTrue(HandshakeFailures.describe(p.serverError).startsWith("no cipher suite in common"),
                String.valueOf(p.serverError));
    }
}
