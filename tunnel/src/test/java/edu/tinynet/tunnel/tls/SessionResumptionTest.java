package edu.tinynet.tunnel.tls;

import static edu.tinynet.tunnel.tls.Handshakes.assertSucceeded;
import static edu.tinynet.tunnel.tls.Handshakes.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import edu.tinynet.tunnel.config.TlsVersion;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Session caches: sized from the settings, per service; clients resume by connect host and port. */
class SessionResumptionTest {

    @TempDir
    Path dir;
    Fixture f;

    @BeforeEach
    void setUp() throws Exception {
        f = new Fixture(dir);
    }

    @Test
    void cacheSizeAndTimeoutComeFromTheSettings() throws Exception {
        Fixture.Tls c = f.clientSettings();
        c.sessionCacheSize = 42;
        c.sessionCacheTimeout = Duration.ofSeconds(77);
        ServiceTls client = c.client();
        assertEquals(42, client.context().getClientSessionContext().getSessionCacheSize());
        assertEquals(77, client.context().getClientSessionContext().getSessionTimeout());
        assertEquals(42, client.context().getServerSessionContext().getSessionCacheSize());
    }

    @Test
    void tls12ClientResumesItsSessionWithTheSameServer() throws Exception {
        Fixture.Tls c = f.clientSettings();
        c.max = TlsVersion.TLSv1_2;
        ServiceTls client = c.client();
        ServiceTls server = f.serverSettings().server();
        EnginePair first = run(client, server);
        assertSucceeded(first);
        EnginePair second = run(client, server);
        assertSucceeded(second);
        SSLSession a = first.client.getSession();
        SSLSession b = second.client.getSession();
        assertArrayEquals(a.getId(), b.getId(), "same session id: resumed");
        assertEquals(a.getCreationTime(), b.getCreationTime());
    }

    @Test
    void sessionsAreNotSharedBetweenServices() throws Exception {
        Fixture.Tls c = f.clientSettings();
        c.max = TlsVersion.TLSv1_2;
        ServiceTls server = f.serverSettings().server();
        EnginePair first = run(c.client(), server);
        EnginePair second = run(c.client(), server); // another ServiceTls: another cache
        assertSucceeded(second);
        assertFalse(java.util.Arrays.equals(first.client.getSession().getId(), second.client.getSession().getId()));
    }

    @Test
    void resumedSessionWasVerifiedWithTheSamePolicy() throws Exception {
        Fixture.Tls c = f.clientSettings();
        c.max = TlsVersion.TLSv1_2;
        c.checkHost = java.util.List.of(Fixture.HOST);
        ServiceTls client = c.client();
        ServiceTls server = f.serverSettings().server();
        assertSucceeded(run(client, server));
        EnginePair again = run(client, server);
        assertSucceeded(again);
        assertEquals("CN=" + Fixture.HOST, CertificateText.subject(
                (java.security.cert.X509Certificate) again.client.getSession().getPeerCertificates()[0]));
    }
}
