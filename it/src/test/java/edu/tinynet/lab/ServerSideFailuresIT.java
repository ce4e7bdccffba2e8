package edu.tinynet.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.tinynet.tunnel.pki.CertificateBuilder;
import edu.tinynet.tunnel.pki.KeyMaterial;
import edu.tinynet.tunnel.pki.Pem;
import edu.tinynet.tunnel.service.Tunnel;
import edu.tinynet.tunnel.testing.RecordingTunnelListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import javax.naming.NamingException;
import javax.naming.directory.InitialDirContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What WebServer's applications see when a server host misbehaves: a certificate from another CA
 * or for another name is refused (and WebServer's tunnel says why), and a server-side tunnel that
 * is down fails the application at once and is back when it restarts, with WebServer untouched.
 * Each test leaves LDAPhost's tunnel as it found it.
 */
@Tag("integration")
class ServerSideFailuresIT {

    @TempDir
    static Path work;

    static Lab lab;
    static final RecordingTunnelListener webServer = new RecordingTunnelListener();
    static final Lab.User ALICE = Lab.USERS.get(0);

    @BeforeAll
    static void startTheLab() throws Exception {
        lab = Lab.builder().work(work).freePorts().listener(LabHost.WEBSERVER, webServer).start();
    }

    @AfterAll
    static void stopTheLab() {
        if (lab != null) {
            lab.close();
        }
    }

    @BeforeEach
    void directoryWorks() throws Exception {
        lookUpBob();
        webServer.clear();
    }

    @AfterEach
    void restoreLdapHost() throws Exception {
        if (!lab.tunnelRunning(LabHost.LDAPHOST)) {
            lab.startTunnel(LabHost.LDAPHOST);
        } else {
            lab.restartTunnel(LabHost.LDAPHOST, null);
        }
        lookUpBob();
    }

    private static void lookUpBob() throws NamingException {
        InitialDirContext ctx = LabClients.bind(lab, ALICE);
        try {
            assertEquals("Bob Builder", LabClients.searchPeople(ctx, lab.baseDn(), "(uid=bob)", "cn")
                    .get("uid=bob,ou=people,o=tinynet.edu").get("cn"));
        } finally {
            ctx.close();
        }
    }

    /** A combined key + chain file (0600) for {@code material}. */
    private static Path siteCert(String name, KeyMaterial material) throws Exception {
        Path dir = Files.createDirectories(work.resolve("other").resolve(name));
        Path f = dir.resolve("Site_Cert.pem");
        Pem.writeCombined(f, material, true);
        return f;
    }

    private static String handshakeFailureOf(String service) throws InterruptedException {
        return webServer.await(e -> e.type().equals("handshakeFailed") && e.connection().service().equals(service),
                Duration.ofSeconds(10)).text();
    }

    @Test
    void serverCertificateFromAnotherCaIsRefusedAndLogged() throws Exception {
        KeyMaterial otherCa = CertificateBuilder.ca("CN=Evil Twin CA,O=elsewhere").build();
        KeyMaterial impostor = CertificateBuilder.server("CN=ldap.tinynet.edu,O=tinynet.edu")
                .dns("ldap.tinynet.edu").issuedBy(otherCa).build();
        lab.restartTunnel(LabHost.LDAPHOST, siteCert("evil-twin", impostor));

        assertThrows(NamingException.class, () -> LabClients.bind(lab, ALICE).close());
        String reason = handshakeFailureOf("ldaps");
        // e.g. "certificate verify failed: self-signed certificate in certificate chain
        // (root CN=Evil Twin CA,O=elsewhere is not in CAfile .../ca.pem)"
        assertTrue(reason.startsWith("certificate verify failed"), reason);
        assertTrue(reason.contains("Evil Twin CA") && reason.contains("not in CAfile"), reason);
        assertTrue(Files.readString(lab.logFile(LabHost.WEBSERVER)).contains(reason),
                "WebServer's log has the reason");
    }

    @Test
    void serverCertificateForAnotherNameIsRefusedAndLogged() throws Exception {
        // signed by TinyNetCA, but it is the web server's certificate, not LDAPhost's
        lab.restartTunnel(LabHost.LDAPHOST, lab.certificates().siteCert(LabHost.WEBSERVER));

        assertThrows(NamingException.class, () -> LabClients.bind(lab, ALICE).close());
        String reason = handshakeFailureOf("ldaps");
        // "host name mismatch: peer certificate has DNS:www.tinynet.edu, ...; expected checkHost ldap.tinynet.edu"
        assertTrue(reason.contains("ldap.tinynet.edu"), reason);
        assertTrue(reason.contains("www.tinynet.edu"), reason);
        assertTrue(Files.readString(lab.logFile(LabHost.WEBSERVER)).contains(reason),
                "WebServer's log has the reason");
    }

    @Test
    void killedServerTunnelFailsTheClientFastAndARestartRestoresIt() throws Exception {
        Tunnel webServerTunnel = lab.tunnel(LabHost.WEBSERVER);
        lab.stopTunnel(LabHost.LDAPHOST);

        long t0 = System.nanoTime();
        NamingException e = assertThrows(NamingException.class, () -> LabClients.bind(lab, ALICE).close());
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        // not a hang ended by the client's own timeout: the tunnel closed the connection at once
        assertTrue(took.compareTo(LabClients.READ_TIMEOUT.dividedBy(2)) < 0, "failed after " + took + ": " + e);
        String reason = webServer.await(ev -> ev.type().equals("connectFailed")
                && ev.connection().service().equals("ldaps"), Duration.ofSeconds(10)).text();
        assertTrue(reason.contains(lab.topology().hostPort(LabEndpoint.LDAP_TLS)), reason);
        assertTrue(reason.toLowerCase(Locale.ROOT).contains("refused"), reason);

        lab.startTunnel(LabHost.LDAPHOST);
        lookUpBob();
        assertSame(webServerTunnel, lab.tunnel(LabHost.WEBSERVER), "WebServer's tunnel was not restarted");
        assertEquals(0, webServer.ofType("serviceStopped").size());
    }
}
