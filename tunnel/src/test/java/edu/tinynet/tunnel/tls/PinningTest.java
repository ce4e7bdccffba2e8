package edu.tinynet.tunnel.tls;

import static edu.tinynet.tunnel.tls.Handshakes.assertSucceeded;
import static edu.tinynet.tunnel.tls.Handshakes.refusal;
import static edu.tinynet.tunnel.tls.Handshakes.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

import edu.tinynet.tunnel.pki.CertificateBuilder;
import edu.tinynet.tunnel.pki.KeyMaterial;
import edu.tinynet.tunnel.tls.PeerVerificationException.Reason;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** verifyPeer: the peer's own certificate must be in CAfile; no chain needed. */
class PinningTest {

    @TempDir
    Path dir;
    Fixture f;
    KeyMaterial pinned;
    Path pinFile;

    @BeforeEach
    void setUp() throws Exception {
        f = new Fixture(dir);
        pinned = CertificateBuilder.server("CN=pinned.tinynet.edu").dns("pinned.tinynet.edu").build(); // self-signed
        pinFile = f.writeCerts("pinned.pem", pinned);
    }

    private Fixture.Tls pinningClient() {
        Fixture.Tls c = new Fixture.Tls();
        c.caFile = pinFile;
        c.verifyPeer = true;
        return c;
    }

    private ServiceTls serverWith(KeyMaterial m) throws Exception {
        Fixture.Tls s = new Fixture.Tls();
        s.cert = f.write("srv-" + System.nanoTime() + ".pem", m);
        return s.server();
    }

    @Test
    void clientAcceptsPinnedSelfSignedServer() throws Exception {
        assertSucceeded(run(pinningClient().client(), serverWith(pinned)));
    }

    @Test
    void clientRejectsOtherSelfSignedServer() throws Exception {
        KeyMaterial other = CertificateBuilder.server("CN=pinned.tinynet.edu").dns("pinned.tinynet.edu").build();
        PeerVerificationException e = refusal(run(pinningClient().client(), serverWith(other)).clientError);
        assertEquals(Reason.NOT_PINNED, e.reason());
        assertEquals("certificate verify failed: peer certificate CN=pinned.tinynet.edu (SHA-256 fingerprint "
                + CertificateText.fingerprint(other.certificate()) + ") is not in CAfile " + pinFile + " (verifyPeer)",
                e.getMessage());
    }

    @Test
    void clientRejectsCaSignedServerWhenOnlyItsCaIsListed() throws Exception {
        // verifyPeer pins leaves: a CA in CAfile does not vouch for its leaves
        Fixture.Tls c = pinningClient();
        c.caFile = f.caFile;
        assertEquals(Reason.NOT_PINNED, refusal(run(c.client(), f.serverSettings().server()).clientError).reason());
    }

    @Test
    void clientRejectsPinnedServerOnceExpired() throws Exception {
        Instant end = Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        KeyMaterial old = CertificateBuilder.server("CN=old.tinynet.edu").validity(end.minus(10, ChronoUnit.DAYS), end).build();
        Fixture.Tls c = pinningClient();
        c.caFile = f.writeCerts("old.pem", old);
        assertEquals(Reason.EXPIRED, refusal(run(c.client(), serverWith(old)).clientError).reason());
    }

    @Test
    void serverPinsClientCertificate() throws Exception {
        KeyMaterial alice = CertificateBuilder.client("CN=alice").build();
        Fixture.Tls s = f.serverSettings();
        s.caFile = f.writeCerts("alice-pin.pem", alice);
        s.verifyPeer = true;
        s.requireCert = true;
        Fixture.Tls c = new Fixture.Tls();
        c.cert = f.write("alice.pem", alice);
        assertSucceeded(run(c.client(), s.server()));
        c.cert = f.clientPem; // CA-issued, not pinned
        assertEquals(Reason.NOT_PINNED, refusal(run(c.client(), s.server()).serverError).reason());
    }
}
