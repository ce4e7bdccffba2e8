package edu.tinynet.tunnel.tls.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.tinynet.tunnel.pki.CertificateBuilder;
import edu.tinynet.tunnel.pki.KeyMaterial;
import edu.tinynet.tunnel.service.CloseStatus;
import edu.tinynet.tunnel.testing.TunnelFixtures;
import edu.tinynet.tunnel.tls.SimpleEngineFactory;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each way a handshake can fail for a certificate reason fails it, with a handshakeFailed event
 * whose reason names the cause, and a reset connection. The baseline is the fixture PKI, which
 * works; each case changes one thing.
 */
class HandshakeFailuresNameTheCauseTest {

    private final TunnelFixtures.Pki pki = TunnelFixtures.pki();

    @Test
    void clientRejectsServerCertificateFromAnUnknownCa() throws Exception {
        TunnelFixtures.Pki other = TunnelFixtures.Pki.create("CN=Other CA");
        HandshakeScenario s = HandshakeScenario.run(other.serverTls(), pki.clientTls());
        String reason = HandshakeScenario.failure(s.client);
        assertEquals("certificate verify failed: no chain to a trusted certificate", reason);
        assertEquals(CloseStatus.RESET, s.clientClosed.status());
        String serverSide = HandshakeScenario.failure(s.server);
        assertTrue(serverSide.contains("certificate_unknown alert"), serverSide);
    }

    @Test
    void clientRejectsServerCertificateForAnotherHost() throws Exception {
        KeyMaterial wrongHost = CertificateBuilder.server("CN=wrong.example").dns("wrong.example")
                .issuedBy(pki.ca()).build();
        HandshakeScenario s = HandshakeScenario.run(
                new SimpleEngineFactory(wrongHost.toSslContext(List.of(pki.ca().certificate())), false),
                pki.clientTls());
        String reason = HandshakeScenario.failure(s.client);
        assertTrue(reason.startsWith("peer certificate does not match the expected name"), reason);
        assertTrue(reason.contains("127.0.0.1"), reason);
    }

    @Test
    void clientRejectsAnExpiredServerCertificate() throws Exception {
        Instant now = Instant.now();
        KeyMaterial expired = CertificateBuilder.server("CN=localhost").dns("localhost").ip("127.0.0.1")
                .validity(now.minus(30, ChronoUnit.DAYS), now.minus(1, ChronoUnit.DAYS)).issuedBy(pki.ca()).build();
        HandshakeScenario s = HandshakeScenario.run(
                new SimpleEngineFactory(expired.toSslContext(List.of(pki.ca().certificate())), false),
                pki.clientTls());
        String reason = HandshakeScenario.failure(s.client);
        assertTrue(reason.startsWith("peer certificate expired"), reason);
    }

    @Test
    void serverThatRequiresACertificateRejectsAClientWithout() throws Exception {
        HandshakeScenario s = HandshakeScenario.run(pki.serverTls(true), pki.anonymousClientTls());
        assertEquals("peer did not return a certificate (requireCert = yes)", HandshakeScenario.failure(s.server));
        assertEquals(CloseStatus.RESET, s.serverClosed.status());
        // TLS 1.3: the client's handshake is over before the server judges its certificate,
        // so the client learns it from the alert, as a TLS error on an established connection
        assertEquals(CloseStatus.RESET, s.clientClosed.status());
        assertTrue(s.clientClosed.reason().contains("the server requires a client certificate and none was sent"),
                s.clientClosed.reason());
    }
}
