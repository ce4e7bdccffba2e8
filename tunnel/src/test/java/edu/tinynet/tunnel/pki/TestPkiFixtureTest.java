package edu.tinynet.tunnel.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.tinynet.tunnel.testing.OpenSsl;
import edu.tinynet.tunnel.testing.TestPki;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@link TestPki} fixture other modules use makes files OpenSSL accepts and contexts JSSE accepts. */
class TestPkiFixtureTest {

    @TempDir
    Path dir;

    @Test
    void oneCallMakesCaServerAndClientFiles() throws Exception {
        TestPki pki = TestPki.create(dir);
        assertEquals(dir.resolve("ca.pem"), pki.caFile());
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(pki.caFile())));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(pki.caKeyFile())));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(pki.serverFile())));
        OpenSsl.verify(pki.caFile(), pki.serverFile(), "-verify_hostname", "localhost", "-purpose", "sslserver").assertOk();
        OpenSsl.verify(pki.caFile(), pki.serverFile(), "-verify_ip", "127.0.0.1").assertOk();
        OpenSsl.verify(pki.caFile(), pki.serverFile(), "-verify_ip", "::1").assertOk();
        OpenSsl.verify(pki.caFile(), pki.clientFile(), "-purpose", "sslclient").assertOk();
        assertEquals(pki.server().chain(), Pem.readKeyMaterial(pki.serverFile(), null, null, false).chain());
    }

    @Test
    void extraCertificatesBehaveAsNamed() {
        TestPki pki = TestPki.create(dir);
        TestPki.Issued ldap = pki.server("ldap.tinynet.edu");
        assertEquals(dir.resolve("ldap.tinynet.edu/Site_Cert.pem"), ldap.file());
        OpenSsl.verify(pki.caFile(), ldap.file(), "-verify_hostname", "ldap.tinynet.edu").assertOk();
        OpenSsl.Result expired = OpenSsl.verify(pki.caFile(), pki.expiredServer("old.test").file());
        assertTrue(expired.output().contains("certificate has expired"), expired.output());
        OpenSsl.Result early = OpenSsl.verify(pki.caFile(), pki.notYetValidServer("early.test").file());
        assertTrue(early.output().contains("certificate is not yet valid"), early.output());
        Path crl = pki.revoke(ldap);
        OpenSsl.Result revoked = OpenSsl.verify(pki.caFile(), ldap.file(), "-crl_check", "-CRLfile", crl.toString());
        assertTrue(revoked.output().contains("certificate revoked"), revoked.output());
        OpenSsl.verify(pki.caFile(), pki.client("webserver client").file(), "-purpose", "sslclient").assertOk();
    }

    @Test
    void contextsCompleteAMutualHandshake() throws Exception {
        TestPki pki = TestPki.create(dir, KeyType.ED25519);
        try (SSLServerSocket listener = (SSLServerSocket) pki.serverContext().getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            listener.setNeedClientAuth(true);
            listener.setSoTimeout(20_000);
            CompletableFuture<String> peer = CompletableFuture.supplyAsync(() -> {
                try (SSLSocket s = (SSLSocket) listener.accept()) {
                    s.startHandshake();
                    InputStream in = s.getInputStream();
                    in.read();
                    return s.getSession().getPeerPrincipal().getName();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Socket plain = new Socket();
            plain.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort()), 10_000);
            try (SSLSocket s = (SSLSocket) pki.clientContext().getSocketFactory()
                    .createSocket(plain, "localhost", listener.getLocalPort(), true)) {
                SSLParameters p = s.getSSLParameters();
                p.setEndpointIdentificationAlgorithm("HTTPS");
                s.setSSLParameters(p);
                s.startHandshake();
                s.getOutputStream().write(1);
                s.getOutputStream().flush();
                assertEquals("CN=test client", peer.get(20, TimeUnit.SECONDS));
            }
        }
    }
}
