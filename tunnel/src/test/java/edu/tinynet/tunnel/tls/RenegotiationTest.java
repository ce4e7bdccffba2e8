package edu.tinynet.tunnel.tls;

import static edu.tinynet.tunnel.tls.Handshakes.assertSucceeded;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.tinynet.tunnel.config.TlsVersion;
import java.nio.file.Path;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** renegotiation = no (default) refuses peer-initiated TLS 1.2 renegotiation per engine. */
class RenegotiationTest {

    @TempDir
    Path dir;
    Fixture f;

    @BeforeEach
    void setUp() throws Exception {
        f = new Fixture(dir);
    }

    /** A plain JDK client engine (no policy of ours) limited to {@code protocol}. */
    private SSLEngine jdkClient(String protocol) {
        SSLEngine e = edu.tinynet.tunnel.pki.KeyMaterial.trustingSslContext(List.of(f.ca.certificate()))
                .createSSLEngine(Fixture.HOST, 636);
        e.setUseClientMode(true);
        e.setEnabledProtocols(new String[] {protocol});
        return e;
    }

    /** A plain JDK server engine presenting the fixture's server certificate. */
    private SSLEngine jdkServer(String protocol) {
        SSLEngine e = f.server.toSslContext(List.of()).createSSLEngine();
        e.setUseClientMode(false);
        e.setEnabledProtocols(new String[] {protocol});
        return e;
    }

    @Test
    void serverRefusesClientInitiatedRenegotiationByDefault() throws Exception {
        EnginePair p = new EnginePair(jdkClient("TLSv1.2"), f.serverSettings().server().newEngine(false, "127.0.0.1", 1));
        assertTrue(p.handshake(), p.clientError + " / " + p.serverError);
        assertEquals("before", p.clientToServer("before"));
        p.client.beginHandshake();
        p.settle();
        assertInstanceOf(SSLHandshakeException.class, p.serverError);
        assertEquals("peer-initiated TLS renegotiation refused (renegotiation = no)",
                HandshakeFailures.describe(p.serverError, false));
        assertTrue(p.server.isOutboundDone() && p.server.isInboundDone(), "the engine is dead: the connection closes");
    }

    @Test
    void serverAllowsRenegotiationWhenConfigured() throws Exception {
        Fixture.Tls s = f.serverSettings();
        s.renegotiation = true;
        EnginePair p = new EnginePair(jdkClient("TLSv1.2"), s.server().newEngine(false, "127.0.0.1", 1));
        assertTrue(p.handshake());
        p.client.beginHandshake();
        assertTrue(p.settle(), p.clientError + " / " + p.serverError);
        assertEquals("after", p.clientToServer("after"));
    }

    @Test
    void clientRefusesServerRequestedRenegotiation() throws Exception {
        Fixture.Tls c = f.clientSettings();
        EnginePair p = new EnginePair(c.client().newEngine(true, Fixture.HOST, 636), jdkServer("TLSv1.2"));
        assertTrue(p.handshake(), p.clientError + " / " + p.serverError);
        p.server.beginHandshake(); // HelloRequest
        p.settle();
        assertEquals(RenegotiationGuard.REFUSED, HandshakeFailures.describe(p.clientError, true));
    }

    @Test
    void tls13KeyUpdateIsNotRenegotiation() throws Exception {
        EnginePair p = new EnginePair(jdkClient("TLSv1.3"), f.serverSettings().server().newEngine(false, "127.0.0.1", 1));
        assertTrue(p.handshake());
        p.client.beginHandshake(); // TLS 1.3: KeyUpdate
        assertTrue(p.settle(), p.clientError + " / " + p.serverError);
        assertEquals("still here", p.clientToServer("still here"));
        assertEquals("and back", p.serverToClient("and back"));
    }

    @Test
    void ownEngineCannotStartRenegotiation() throws Exception {
        Fixture.Tls c = f.clientSettings();
        c.max = TlsVersion.TLSv1_2;
        EnginePair p = new EnginePair(c.client().newEngine(true, Fixture.HOST, 636), jdkServer("TLSv1.2"));
        p.handshake();
        assertSucceeded(p);
        SSLHandshakeException e = assertThrows(SSLHandshakeException.class, p.client::beginHandshake);
        assertEquals("TLS renegotiation is disabled for this service (renegotiation = no)", e.getMessage());
    }
}
