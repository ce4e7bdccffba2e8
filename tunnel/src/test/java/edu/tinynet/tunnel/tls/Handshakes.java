package edu.tinynet.tunnel.tls;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Shared steps of the handshake tests. */
final class Handshakes {

    private Handshakes() {
    }

    /** A handshake between a client and a server built from our policy, through memory. */
    static EnginePair run(ServiceTls client, ServiceTls server) {
        return run(client, Fixture.HOST, server);
    }

    static EnginePair run(ServiceTls client, String connectHost, ServiceTls server) {
        EnginePair p = new EnginePair(client.newEngine(true, connectHost, 636), server.newEngine(false, "127.0.0.1", 40000));
        p.handshake();
        client.release(p.client); // as the relay does once a connection is done (resumption slot back)
        return p;
    }

    static void assertSucceeded(EnginePair p) {
        assertTrue(p.clientError == null && p.serverError == null,
                "handshake failed: client: " + p.clientError + " / server: " + p.serverError);
    }

    /** The refusal our verifier made on one side. */
    static PeerVerificationException refusal(Throwable error) {
        Throwable t = error;
        while (t != null && !(t instanceof PeerVerificationException)) {
            t = t.getCause();
        }
        return assertInstanceOf(PeerVerificationException.class, t, "expected a verification failure, got: " + error);
    }
}
