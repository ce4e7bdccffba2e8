package edu.tinynet.tunnel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.tinynet.tunnel.pki.KeyMaterial;
import edu.tinynet.tunnel.pki.Pem;
import edu.tinynet.tunnel.testing.OpenSsl;
import edu.tinynet.tunnel.testing.TunnelCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code tunnel pki lab} writes the TinyNet set, and OpenSSL accepts every certificate for its host. */
class PkiLabCommandTest {

    static final List<String> HOSTS = List.of("ldap.tinynet.edu", "mail.tinynet.edu", "gw.tinynet.edu", "www.tinynet.edu");

    @TempDir
    Path tmp;

    Path lab;
    TunnelCli.Result result;

    @BeforeEach
    void runLab() {
        lab = tmp.resolve("lab");
        result = TunnelCli.run("pki", "lab", "--out", lab.toString());
        assertEquals(0, result.exitCode(), result.toString());
    }

    private static String mode(Path f) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(f));
    }

    private List<String> files() throws Exception {
        try (Stream<Path> s = Files.walk(lab)) {
            return s.filter(Files::isRegularFile).map(p -> lab.relativize(p).toString()).sorted().toList();
        }
    }

    @Test
    void writesTheDocumentedLayoutWithSafeModes() throws Exception {
        assertEquals(List.of("ca-key.pem", "ca.pem", "client/Site_Cert.pem", "gw.tinynet.edu/Site_Cert.pem",
                "ldap.tinynet.edu/Site_Cert.pem", "mail.tinynet.edu/Site_Cert.pem", "www.tinynet.edu/Site_Cert.pem"), files());
        assertEquals("rw-r--r--", mode(lab.resolve("ca.pem")));
        assertEquals("rw-------", mode(lab.resolve("ca-key.pem")));
        for (String h : HOSTS) {
            assertEquals("rw-------", mode(lab.resolve(h).resolve("Site_Cert.pem")));
        }
        assertEquals("rw-------", mode(lab.resolve("client/Site_Cert.pem")));
    }

    @Test
    void summaryNamesEveryFileAndItsNames() {
        String out = result.out();
        assertTrue(out.contains("TinyNet lab PKI in " + lab + " (EC P-256 keys)"), out);
        for (String h : HOSTS) {
            assertTrue(out.contains(h + "/Site_Cert.pem") && out.contains("DNS:" + h), out);
        }
        assertTrue(out.contains("IP:192.168.56.252"), out);
        assertTrue(out.contains("client/Site_Cert.pem") && out.contains("CN=webserver client"), out);
        assertEquals("", result.err());
    }

    @Test
    void opensslVerifiesEveryHostByNameAndWwwByIp() {
        Path ca = lab.resolve("ca.pem");
        for (String h : HOSTS) {
            OpenSsl.verify(ca, lab.resolve(h).resolve("Site_Cert.pem"), "-verify_hostname", h, "-purpose", "sslserver")
                    .assertOk();
            OpenSsl.verify(ca, lab.resolve(h).resolve("Site_Cert.pem"), "-verify_ip", "127.0.0.1").assertOk();
        }
        OpenSsl.verify(ca, lab.resolve("www.tinynet.edu/Site_Cert.pem"), "-verify_ip", "192.168.56.252").assertOk();
        OpenSsl.verify(ca, lab.resolve("ldap.tinynet.edu/Site_Cert.pem"), "-verify_hostname", "mail.tinynet.edu")
                .assertFailed();
        OpenSsl.verify(ca, lab.resolve("ldap.tinynet.edu/Site_Cert.pem"), "-verify_ip", "192.168.56.252").assertFailed();
    }

    @Test
    void clientCertificateIsForClientsOnlyAndGwIsBoth() {
        Path ca = lab.resolve("ca.pem");
        Path client = lab.resolve("client/Site_Cert.pem");
        OpenSsl.verify(ca, client, "-purpose", "sslclient").assertOk();
        OpenSsl.verify(ca, client, "-purpose", "sslserver").assertFailed();
        String text = OpenSsl.x509Text(client);
        assertTrue(text.contains("Subject: O=tinynet.edu, CN=webserver client"), text);
        assertTrue(text.contains("TLS Web Client Authentication"), text);
        OpenSsl.verify(ca, lab.resolve("gw.tinynet.edu/Site_Cert.pem"), "-purpose", "sslclient").assertOk();
        OpenSsl.verify(ca, lab.resolve("ldap.tinynet.edu/Site_Cert.pem"), "-purpose", "sslclient").assertFailed();
    }

    @Test
    void caIsCriticalCaTrue() {
        String text = OpenSsl.x509Text(lab.resolve("ca.pem"));
        assertTrue(text.matches("(?s).*X509v3 Basic Constraints: critical\\s+CA:TRUE.*"), text);
        assertTrue(text.contains("Subject: O=tinynet.edu, CN=TinyNetCA"), text);
    }

    @Test
    void siteCertsHoldKeyThenChainAndLoad() throws Exception {
        Path ldap = lab.resolve("ldap.tinynet.edu/Site_Cert.pem");
        assertTrue(Files.readString(ldap).startsWith("-----BEGIN PRIVATE KEY-----"));
        KeyMaterial m = Pem.readKeyMaterial(ldap, null, null, false);
        assertEquals(2, m.chain().size());
        assertEquals(Pem.readCertificates(lab.resolve("ca.pem")).get(0), m.chain().get(1));
    }

    @Test
    void secondRunWithoutForceChangesNothingAndSaysWhy() throws Exception {
        String before = Files.readString(lab.resolve("ca-key.pem"));
        TunnelCli.Result again = TunnelCli.run("pki", "lab", "--out", lab.toString());
        assertEquals(1, again.exitCode(), again.toString());
        assertEquals(List.of("tunnel pki lab: " + lab.resolve("ca.pem") + ": already exists (use --force to overwrite)"),
                again.errLines());
        assertEquals(before, Files.readString(lab.resolve("ca-key.pem")));
        assertEquals(7, files().size());

        TunnelCli.Result forced = TunnelCli.run("pki", "lab", "--out", lab.toString(), "--force");
        assertEquals(0, forced.exitCode(), forced.toString());
        assertTrue(!before.equals(Files.readString(lab.resolve("ca-key.pem"))));
        assertEquals(7, files().size()); // no temporary or backup files left
    }

    @ParameterizedTest
    @ValueSource(strings = {"rsa2048", "ed25519", "ec-p384"})
    void otherKeyTypesVerifyToo(String keyType) {
        Path other = tmp.resolve(keyType);
        TunnelCli.Result r = TunnelCli.run("pki", "lab", "--out", other.toString(), "--key-type", keyType);
        assertEquals(0, r.exitCode(), r.toString());
        OpenSsl.verify(other.resolve("ca.pem"), other.resolve("www.tinynet.edu/Site_Cert.pem"),
                "-verify_hostname", "www.tinynet.edu", "-verify_ip", "192.168.56.252").assertOk();
    }
}
