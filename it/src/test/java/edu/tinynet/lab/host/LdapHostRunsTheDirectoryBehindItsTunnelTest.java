package edu.tinynet.lab.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code host run ldaphost} in one JVM: the seed's [ldaps] accepts TLS and the directory answers
 * behind it on loopback, where the tunnel's {@code connect} says; the directory sees only 127.0.0.1.
 */
class LdapHostRunsTheDirectoryBehindItsTunnelTest {

    @TempDir
    Path dir;

    @Test
    void ldapsOnTheTunnelPortReachesTheLoopbackDirectory() throws Exception {
        Path pki = LabHosts.pki(dir);
        int offset = LabHosts.freeOffset(636, 389);
        LabHosts.Log log = new LabHosts.Log();
        try (LabHost host = LabHosts.start(Role.LDAPHOST, null, pki, dir.resolve("run"), offset, log)) {
            assertEquals(389 + offset, host.ldap().ldapPort());
            assertEquals("127.0.0.1", host.ldap().bindAddress().getHostAddress());

            Probe.Result r = Probe.check(URI.create("ldaps://127.0.0.1:" + (636 + offset)),
                    new Probe.Tls(pki.resolve("ca.pem"), "ldap.tinynet.edu"), Duration.ofSeconds(10));
            assertTrue(r.ok(), r.line() + "\n" + log.text());

            assertFalse(host.ldap().connections().isEmpty());
            host.ldap().connections().forEach(c ->
                    assertEquals("127.0.0.1", c.remoteAddress().getAddress().getHostAddress()));
            String text = log.text();
            assertTrue(text.contains("LOG5[ldap]: LDAP connection from 127.0.0.1:"), text);
            assertTrue(text.contains("LOG5[ui]: ldaphost ready"), text);
            assertTrue(text.contains("mode 0600, owner uid "), text);
        }
        assertTrue(log.text().contains("Terminated"), log.text());
    }
}
