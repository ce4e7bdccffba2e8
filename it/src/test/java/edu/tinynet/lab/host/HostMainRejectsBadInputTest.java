package edu.tinynet.lab.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code host run} refuses to start on bad input, with one message naming the culprit, and leaves nothing running. */
class HostMainRejectsBadInputTest {

    @TempDir
    Path dir;

    private HostMain.Run run(String role) {
        HostMain.Run r = new HostMain.Run();
        r.role = role;
        r.pki = dir.resolve("pki");
        r.runDir = dir.resolve("run");
        r.portOffset = 0;
        r.drainSeconds = 0;
        return r;
    }

    @Test
    void anUnknownRoleIsAUsageError() {
        LabHosts.Log log = new LabHosts.Log();
        assertEquals(HostMain.USAGE, HostMain.runHost(run("printer"), Map.of(), log.stream));
        assertEquals("host: unknown host 'printer': expected one of webserver, ldaphost, mailhost, gateway\n",
                log.text());
    }

    @Test
    void aMissingSeedIsNamed() {
        HostMain.Run r = run("ldaphost");
        r.seed = dir.resolve("nowhere.conf");
        LabHosts.Log log = new LabHosts.Log();
        assertEquals(HostMain.FAILURE, HostMain.runHost(r, Map.of(), log.stream));
        assertTrue(log.text().contains("ldaphost: seed configuration " + r.seed + " not found"), log.text());
    }

    @Test
    void aMissingCertificateIsNamedWithItsMaker() throws Exception {
        Files.createDirectories(dir.resolve("pki"));
        Files.writeString(dir.resolve("pki/ca.pem"), "");
        HostMain.Run r = run("mailhost");
        r.seed = LabFiles.seed(Role.MAILHOST);
        LabHosts.Log log = new LabHosts.Log();
        assertEquals(HostMain.FAILURE, HostMain.runHost(r, Map.of(), log.stream));
        assertTrue(log.text().contains("mail.tinynet.edu certificate " + dir.resolve("pki/mail.tinynet.edu/Site_Cert.pem")
                + " not found (pki-init writes it)"), log.text());
    }

    @Test
    void anOverlayOptionTheTunnelRejectsIsReportedWithTheEffectiveFileAndLine() throws Exception {
        LabHosts.pki(dir);
        Path overlay = dir.resolve("bad.conf");
        Files.writeString(overlay, "[ldaps]\nverifyChian = yes\n");
        HostMain.Run r = run("ldaphost");
        r.seed = LabFiles.seed(Role.LDAPHOST);
        r.overlay = overlay;
        LabHosts.Log log = new LabHosts.Log();
        assertEquals(HostMain.FAILURE, HostMain.runHost(r, Map.of(), log.stream));
        assertTrue(log.text().contains(dir.resolve("run/ldaphost.conf") + ":"), log.text());
        assertTrue(log.text().contains("verifyChian"), log.text());
        assertTrue(Files.readString(dir.resolve("run/ldaphost.conf")).contains("; --- added by " + overlay + ", line 2"));
    }

    @Test
    void aMailHostWithoutTheRelayPasswordDoesNotStart() throws Exception {
        LabHosts.pki(dir);
        HostMain.Run r = run("mailhost");
        r.seed = LabFiles.seed(Role.MAILHOST);
        r.overlay = LabFiles.overlay(Role.MAILHOST);
        r.portOffset = LabHosts.freeOffset(25, 143, 993, 465);
        LabHosts.Log log = new LabHosts.Log();
        assertEquals(HostMain.FAILURE, HostMain.runHost(r, Map.of(), log.stream));
        assertTrue(log.text().contains("environment variable RELAY_PASSWORD is not set"), log.text());
        assertTrue(log.text().contains("Terminated"), "the tunnel was stopped again:\n" + log.text());
    }
}
