package edu.tinynet.tunnel.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.EOFException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One-line reasons for handshake failures the data path logs. */
class HandshakeFailuresTest {

    @TempDir
    Path dir;

    private static SSLException plaintextInto(SSLEngine e) {
        try {
            e.beginHandshake();
            if (e.getUseClientMode()) {
                e.wrap(ByteBuffer.allocate(0), ByteBuffer.allocate(1 << 16));
            }
            e.unwrap(ByteBuffer.wrap("220 mail.tinynet.edu ESMTP ready\r\n".getBytes(StandardCharsets.US_ASCII)),
                    ByteBuffer.allocate(1 << 16));
            throw new AssertionError("plaintext was accepted");
        } catch (SSLException x) {
            return x;
        }
    }

    @Test
    void plaintextToServerAsksAboutClientYes() throws Exception {
        Fixture f = new Fixture(dir);
        SSLException e = plaintextInto(f.serverSettings().server().newEngine(false, "127.0.0.1", 1));
        assertEquals("plaintext received where TLS was expected: is the other side client = yes?",
                HandshakeFailures.describe(e, false));
    }

    @Test
    void plaintextToClientPointsAtTheConnectPort() throws Exception {
        Fixture f = new Fixture(dir);
        SSLException e = plaintextInto(f.clientSettings().client().newEngine(true, Fixture.HOST, 25));
        assertEquals("plaintext received where TLS was expected: the server answered without TLS; is connect pointing "
                + "at a plaintext port?", HandshakeFailures.describe(e, true));
    }

    @Test
    void oldProtocolVersionsAreNamed() {
        SSLHandshakeException e = new SSLHandshakeException(
                "The client supported protocol versions [TLSv1.1, TLSv1] are not accepted by server preferences [TLSv1.3, TLSv1.2]");
        assertEquals("peer offered only TLSv1.1, TLSv1.0; minimum here is TLSv1.2 (sslVersionMin)",
                HandshakeFailures.describe(e));
    }

    @Test
    void newerProtocolVersionsAreNamed() {
        SSLHandshakeException e = new SSLHandshakeException(
                "The client supported protocol versions [TLSv1.3] are not accepted by server preferences [TLSv1.2]");
        assertEquals("peer offered only TLSv1.3; maximum here is TLSv1.2 (sslVersionMax)", HandshakeFailures.describe(e));
    }

    @Test
    void alertsFromThePeerAreExplained() {
        assertEquals("the peer does not trust the issuer of this side's certificate (unknown_ca alert): add the CA to the "
                + "peer's CAfile", HandshakeFailures.describe(new SSLHandshakeException("Received fatal alert: unknown_ca")));
        assertEquals("the peer requires a client certificate and none was sent (certificate_required alert): set cert = "
                + "FILE in this service",
                HandshakeFailures.describe(new SSLHandshakeException("Received fatal alert: certificate_required")));
        assertEquals("the peer aborted the handshake with a user_canceled alert",
                HandshakeFailures.describe(new SSLHandshakeException("Received fatal alert: user_canceled")));
    }

    @Test
    void connectionLossDuringHandshakeIsNamed() {
        SSLHandshakeException e = new SSLHandshakeException("Remote host terminated the handshake");
        e.initCause(new EOFException("SSL peer shut down incorrectly"));
        assertEquals("the peer closed the connection during the TLS handshake", HandshakeFailures.describe(e));
    }

    @Test
    void verifierMessagesPassThroughUnchanged() {
        PeerVerificationException v = new PeerVerificationException(PeerVerificationException.Reason.EXPIRED,
                "certificate verify failed: certificate expired on 2025-01-01 00:00:00 UTC (CN=x)");
        SSLHandshakeException e = new SSLHandshakeException(v.getMessage());
        e.initCause(v);
        assertEquals(v.getMessage(), HandshakeFailures.describe(e, true));
    }

    @Test
    void unknownFailuresKeepJsseMessage() {
        assertEquals("TLS handshake failed: something odd", HandshakeFailures.describe(new SSLException("something odd")));
    }
}
