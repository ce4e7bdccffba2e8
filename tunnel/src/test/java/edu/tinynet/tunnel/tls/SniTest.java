package edu.tinynet.tunnel.tls;

import static edu.tinynet.tunnel.tls.Handshakes.assertSucceeded;
import static edu.tinynet.tunnel.tls.Handshakes.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server name a client-mode engine sends, as the server receives it. */
class SniTest {

    @TempDir
    Path dir;
    Fixture f;

    @BeforeEach
    void setUp() throws Exception {
        f = new Fixture(dir);
    }

    private List<String> received(Fixture.Tls client, String connectHost) throws Exception {
        EnginePair p = run(client.client(), connectHost, f.serverSettings().server());
        assertSucceeded(p);
        List<SNIServerName> names = ((ExtendedSSLSession) p.server.getSession()).getRequestedServerNames();
        return names.stream().map(n -> ((SNIHostName) n).getAsciiName()).toList();
    }

    @Test
    void sendsTheConnectHostName() throws Exception {
        assertEquals(List.of("ldap.tinynet.edu"), received(f.clientSettings(), "ldap.tinynet.edu"));
    }

    @Test
    void sendsSingleLabelNamesLikeStunnel() throws Exception {
        assertEquals(List.of("localhost"), received(f.clientSettings(), "localhost"));
    }

    @Test
    void sendsNothingForIpv4Literal() throws Exception {
        assertEquals(List.of(), received(f.clientSettings(), "127.0.0.1"));
    }

    @Test
    void sendsNothingForIpv6Literal() throws Exception {
        assertEquals(List.of(), received(f.clientSettings(), "::1"));
    }

    @Test
    void configuredSniWinsOverConnectHost() throws Exception {
        Fixture.Tls c = f.clientSettings();
        c.sni = "mail.tinynet.edu";
        assertEquals(List.of("mail.tinynet.edu"), received(c, "127.0.0.1"));
    }

    @Test
    void emptySniSendsNothing() throws Exception {
        Fixture.Tls c = f.clientSettings();
        c.sni = "";
        assertEquals(List.of(), received(c, "ldap.tinynet.edu"));
    }

    @Test
    void invalidHostNameIsNotSent() throws Exception {
        assertEquals(List.of(), received(f.clientSettings(), "under_score.tinynet.edu"));
    }
}
