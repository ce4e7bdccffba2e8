package edu.tinynet.tunnel.tls;

import static edu.tinynet.tunnel.tls.Handshakes.assertSucceeded;
import static edu.tinynet.tunnel.tls.Handshakes.refusal;
import static edu.tinynet.tunnel.tls.Handshakes.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

import edu.tinynet.tunnel.tls.PeerVerificationException.Reason;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** checkHost/checkIP/checkEmail in real handshakes, both directions. */
class SubjectCheckHandshakeTest {

    @TempDir
    Path dir;
    Fixture f;

    @BeforeEach
    void setUp() throws Exception {
        f = new Fixture(dir);
    }

    @Test
    void clientAcceptsServerMatchingCheckHost() throws Exception {
        Fixture.Tls c = f.clientSettings();
        c.checkHost = List.of(Fixture.HOST);
        assertSucceeded(run(c.client(), f.serverSettings().server()));
    }

    @Test
    void clientRejectsServerNotMatchingCheckHost() throws Exception {
        Fixture.Tls c = f.clientSettings();
        c.checkHost = List.of("mail.tinynet.edu");
        EnginePair p = run(c.client(), f.serverSettings().server());
        PeerVerificationException e = refusal(p.clientError);
        assertEquals(Reason.NAME_MISMATCH, e.reason());
        assertEquals("host name mismatch: peer certificate has DNS:ldap.tinynet.edu, DNS:localhost, IP:127.0.0.1; "
                + "expected checkHost mail.tinynet.edu", e.getMessage());
        assertEquals(e.getMessage(), HandshakeFailures.describe(p.clientError, true));
    }

    @Test
    void connectHostIsNotCheckedImplicitly() throws Exception {
        // stunnel semantics: only checkHost/checkIP decide; the connect host plays no part
        assertSucceeded(run(f.clientSettings().client(), "unrelated.example.org", f.serverSettings().server()));
    }

    @Test
    void clientAcceptsServerMatchingCheckIp() throws Exception {
        Fixture.Tls c = f.clientSettings();
        c.checkIp = List.of("127.0.0.1");
        assertSucceeded(run(c.client(), "127.0.0.1", f.serverSettings().server()));
    }

    @Test
    void clientRejectsServerNotMatchingCheckIp() throws Exception {
        Fixture.Tls c = f.clientSettings();
        c.checkIp = List.of("127.0.0.2");
        PeerVerificationException e = refusal(run(c.client(), "127.0.0.2", f.serverSettings().server()).clientError);
        assertEquals("IP address mismatch: peer certificate has DNS:ldap.tinynet.edu, DNS:localhost, IP:127.0.0.1; "
                + "expected checkIP 127.0.0.2", e.getMessage());
    }

    @Test
    void serverAcceptsClientMatchingCheckEmail() throws Exception {
        Fixture.Tls s = f.serverSettings();
        s.caFile = f.caFile;
        s.verifyChain = true;
        s.requireCert = true;
        s.checkEmail = List.of("alice@tinynet.edu");
        Fixture.Tls c = f.clientSettings();
        c.cert = f.clientPem;
        assertSucceeded(run(c.client(), s.server()));
    }

    @Test
    void serverRejectsClientNotMatchingCheckEmail() throws Exception {
        Fixture.Tls s = f.serverSettings();
        s.caFile = f.caFile;
        s.verifyChain = true;
        s.requireCert = true;
        s.checkEmail = List.of("bob@tinynet.edu");
        Fixture.Tls c = f.clientSettings();
        c.cert = f.clientPem;
        EnginePair p = run(c.client(), s.server());
        assertEquals("e-mail address mismatch: peer certificate has email:alice@tinynet.edu; expected checkEmail "
                + "bob@tinynet.edu", refusal(p.serverError).getMessage());
        assertEquals("the peer refused this side's certificate (certificate_unknown alert); its log has the reason",
                HandshakeFailures.describe(p.clientError, true));
    }
}
