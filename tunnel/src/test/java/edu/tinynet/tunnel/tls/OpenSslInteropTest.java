package edu.tinynet.tunnel.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.tinynet.tunnel.config.TlsVersion;
import edu.tinynet.tunnel.pki.CertificateBuilder;
import edu.tinynet.tunnel.pki.KeyMaterial;
import edu.tinynet.tunnel.pki.KeyType;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our engines against OpenSSL's s_client and s_server: an independent implementation judges
 * certificates, versions, suites, SNI, resumption and renegotiation.
 */
class OpenSslInteropTest {

    private static final Duration T = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    Fixture f;

    @BeforeAll
    static void needOpenSsl() {
        Assumptions.assumeTrue(OpenSsl.available(), "openssl is not installed (scripts/install-deps.sh installs it)");
    }

    @BeforeEach
    void setUp() throws Exception {
        f = new Fixture(dir);
    }

    /** Server session: read a line, answer, done. */
    private static void echo(EngineSocket s) throws IOException {
        String got = s.readUntil("\n");
        s.write("you said: " + got);
    }

    private String connectArg(EngineServer server) {
        return "127.0.0.1:" + server.port();
    }

    // ---------------------------------------------------------------- our server, s_client

    @Test
    void opensslVerifiesOurServerChainAndHostName() throws Exception {
        try (EngineServer server = new EngineServer(f.serverSettings().server(), OpenSslInteropTest::echo);
                OpenSsl client = OpenSsl.client("-connect", connectArg(server), "-verify_return_error",
                        "-CAfile", f.caFile.toString(), "-verify_hostname", Fixture.HOST, "-servername", Fixture.HOST)) {
            client.await("Verify return code: 0 (ok)", T);
            client.send("hello\n");
            client.await("you said: hello", T);
            assertNull(server.next(T).failure());
            assertTrue(client.output().contains("Protocol  : TLSv1.3") || client.output().contains("TLSv1.3"),
                    client.output());
        }
    }

    @Test
    void opensslRefusesOurServerForAnotherHostName() throws Exception {
        try (EngineServer server = new EngineServer(f.serverSettings().server(), OpenSslInteropTest::echo);
                OpenSsl client = OpenSsl.client("-connect", connectArg(server), "-verify_return_error",
                        "-CAfile", f.caFile.toString(), "-verify_hostname", "mail.tinynet.edu")) {
            client.closeInput();
            assertNotEquals(0, client.exit(T));
            assertTrue(client.output().contains("hostname mismatch"), client.output());
            // OpenSSL (3.x) sends its alert before it switched to encrypted records, which JSSE cannot
            // read; either way the server's reason must point at its certificate being refused
            String reason = HandshakeFailures.describe(server.next(T).failure());
            assertTrue(reason.equals("the peer aborted the TLS 1.3 handshake with an unencrypted alert: it probably "
                    + "refused this side's certificate; its log has the reason")
                    || reason.startsWith("the peer refused this side's certificate"), reason);
        }
    }

    @Test
    void mutualTlsWithOpensslClientCertificate() throws Exception {
        Fixture.Tls s = f.serverSettings();
        s.caFile = f.caFile;
        s.verifyChain = true;
        s.requireCert = true;
        try (EngineServer server = new EngineServer(s.server(), OpenSslInteropTest::echo);
                OpenSsl client = OpenSsl.client("-connect", connectArg(server), "-verify_return_error",
                        "-CAfile", f.caFile.toString(), "-cert", f.clientPem.toString(), "-key", f.clientPem.toString())) {
            client.await("Verify return code: 0 (ok)", T);
            client.send("hi\n");
            client.await("you said: hi", T);
            EngineServer.Outcome o = server.next(T);
            assertNull(o.failure());
            assertEquals("CN=alice,O=tinynet.edu", CertificateText.subject(
                    (X509Certificate) o.socket().engine().getSession().getPeerCertificates()[0]));
        }
    }

    @Test
    void opensslClientWithoutCertificateIsRefusedWithReason() throws Exception {
        Fixture.Tls s = f.serverSettings();
        s.caFile = f.caFile;
        s.verifyChain = true;
        s.requireCert = true;
        try (EngineServer server = new EngineServer(s.server(), OpenSslInteropTest::echo);
                OpenSsl client = OpenSsl.client("-connect", connectArg(server), "-CAfile", f.caFile.toString())) {
            client.send("hi\n");
            assertEquals("peer did not return a certificate (requireCert = yes)",
                    HandshakeFailures.describe(server.next(T).failure()));
        }
    }

    @Test
    void opensslClientFromOtherCaIsRefusedWithReason() throws Exception {
        KeyMaterial other = CertificateBuilder.ca("CN=OtherCA").build();
        Path mallory = f.write("mallory.pem", CertificateBuilder.client("CN=mallory").issuedBy(other).build());
        Fixture.Tls s = f.serverSettings();
        s.caFile = f.caFile;
        s.verifyChain = true;
        s.requireCert = true;
        try (EngineServer server = new EngineServer(s.server(), OpenSslInteropTest::echo);
                OpenSsl client = OpenSsl.client("-connect", connectArg(server), "-cert", mallory.toString(),
                        "-key", mallory.toString())) {
            client.send("hi\n");
            assertEquals("certificate verify failed: unable to get local issuer certificate (issuer CN=OtherCA is not in "
                    + "CAfile " + f.caFile + ")", HandshakeFailures.describe(server.next(T).failure()));
        }
    }

    @Test
    void tls11OnlyClientIsRefusedByDefault() throws Exception {
        ServiceTls tls = f.serverSettings().server();
        try (EngineServer server = new EngineServer(tls, OpenSslInteropTest::echo);
                OpenSsl client = OpenSsl.client("-connect", connectArg(server), "-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0")) {
            client.closeInput();
            assertNotEquals(0, client.exit(T), client.output());
            Throwable failure = server.next(T).failure();
            assertEquals("peer offered only TLSv1.1; minimum here is TLSv1.2 (sslVersionMin)",
                    tls.describeFailure(failure, false));
            assertEquals("peer offered only TLSv1.1 (and older); it is not enabled here (sslVersionMin)",
                    HandshakeFailures.describe(failure));
        }
    }

    @Test
    void suiteWithoutForwardSecrecyIsRefusedByDefault() throws Exception {
        KeyMaterial rsa = CertificateBuilder.server("CN=" + Fixture.HOST).keyType(KeyType.RSA_2048).dns(Fixture.HOST)
                .issuedBy(f.ca).build();
        Fixture.Tls s = new Fixture.Tls();
        s.cert = f.write("rsa.pem", rsa);
        try (EngineServer server = new EngineServer(s.server(), OpenSslInteropTest::echo)) {
            try (OpenSsl plainRsa = OpenSsl.client("-connect", connectArg(server), "-tls1_2", "-cipher", "AES128-GCM-SHA256")) {
                plainRsa.closeInput();
                assertNotEquals(0, plainRsa.exit(T), plainRsa.output());
                assertTrue(HandshakeFailures.describe(server.next(T).failure()).startsWith("no cipher suite in common"));
            }
            try (OpenSsl ecdhe = OpenSsl.client("-connect", connectArg(server), "-tls1_2", "-cipher",
                    "ECDHE-RSA-AES128-GCM-SHA256")) {
                ecdhe.send("x\n");
                ecdhe.await("you said: x", T);
                assertNull(server.next(T).failure());
            }
        }
    }

    @Test
    void configuredGroupIsWhatOpensslGets() throws Exception {
        Fixture.Tls s = f.serverSettings();
        s.curves = List.of("secp384r1");
        try (EngineServer server = new EngineServer(s.server(), OpenSslInteropTest::echo);
                OpenSsl client = OpenSsl.client("-connect", connectArg(server))) {
            client.send("g\n");
            client.await("you said: g", T);
            assertTrue(Pattern.compile("Temp Key: ECDH, (secp384r1|P-384)").matcher(client.output()).find(),
                    client.output());
        }
    }

    @Test
    void opensslRenegotiationIsRefusedByDefault() throws Exception {
        try (EngineServer server = new EngineServer(f.serverSettings().server(), s -> {
            s.readUntil("never sent");
        }); OpenSsl client = OpenSsl.client("-connect", connectArg(server), "-tls1_2")) {
            client.await("Verify return code", T);
            client.send("R\n");
            client.await("RENEGOTIATING", T);
            EngineServer.Outcome o = server.next(T);
            assertNotNull(o.failure());
            assertEquals(RenegotiationGuard.REFUSED, HandshakeFailures.describe(o.failure()));
        }
    }

    @Test
    void opensslRenegotiationSucceedsWhenAllowed() throws Exception {
        Fixture.Tls s = f.serverSettings();
        s.renegotiation = true;
        try (EngineServer server = new EngineServer(s.server(), OpenSslInteropTest::echo);
                OpenSsl client = OpenSsl.client("-connect", connectArg(server), "-tls1_2")) {
            client.await("Verify return code", T);
            client.send("R\n");
            client.await("RENEGOTIATING", T);
            client.send("after\n");
            client.await("you said: after", T);
            assertNull(server.next(T).failure());
        }
    }

    @Test
    void opensslClientResumesSessionWithOurServer() throws Exception {
        Path sess = dir.resolve("session.pem");
        try (EngineServer server = new EngineServer(f.serverSettings().server(), OpenSslInteropTest::echo)) {
            try (OpenSsl first = OpenSsl.client("-connect", connectArg(server), "-sess_out", sess.toString())) {
                first.send("1\n");
                first.await("you said: 1", T);
                first.closeInput();
                first.exit(T);
                assertTrue(first.output().contains("New, TLSv1.3"), first.output());
            }
            try (OpenSsl second = OpenSsl.client("-connect", connectArg(server), "-sess_in", sess.toString())) {
                second.send("2\n");
                second.await("you said: 2", T);
                assertTrue(second.output().contains("Reused, TLSv1.3"), second.output());
            }
        }
    }

    // ---------------------------------------------------------------- our client, s_server

    private static EngineSocket connect(ServiceTls tls, String host, int port) throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
        EngineSocket es = new EngineSocket(s, tls.newEngine(true, host, port));
        es.handshake();
        return es;
    }

    private String fetchStatusPage(ServiceTls client, String host, int port) throws IOException {
        try (EngineSocket es = connect(client, host, port)) {
            es.write("GET / HTTP/1.0\r\n\r\n");
            String page = es.readUntil("</HTML>");
            client.release(es.engine()); // as the relay does on the server's first data
            return page;
        }
    }

    @Test
    void ourClientVerifiesOpensslServerAndResumesTls13Session() throws Exception {
        Fixture.Tls c = f.clientSettings();
        c.checkHost = List.of(Fixture.HOST);
        ServiceTls client = c.client();
        try (OpenSsl server = OpenSsl.server("-cert", f.serverPem.toString(), "-key", f.serverPem.toString(), "-www")) {
            String first = fetchStatusPage(client, Fixture.HOST, server.port());
            assertTrue(first.contains("New, TLSv1.3"), first);
            String second = fetchStatusPage(client, Fixture.HOST, server.port());
            assertTrue(second.contains("Reused, TLSv1.3"), second);
        }
    }

    @Test
    void ourClientResumesTls12Session() throws Exception {
        Fixture.Tls c = f.clientSettings();
        c.max = TlsVersion.TLSv1_2;
        ServiceTls client = c.client();
        try (OpenSsl server = OpenSsl.server("-cert", f.serverPem.toString(), "-key", f.serverPem.toString(), "-www")) {
            assertTrue(fetchStatusPage(client, Fixture.HOST, server.port()).contains("New, TLSv1.2"));
            String second = fetchStatusPage(client, Fixture.HOST, server.port());
            assertTrue(second.contains("Reused, TLSv1.2"), second);
        }
    }

    @Test
    void ourClientRefusesOpensslServerFromOtherCa() throws Exception {
        KeyMaterial other = CertificateBuilder.ca("CN=OtherCA").build();
        Path srv = f.write("other-srv.pem", CertificateBuilder.server("CN=" + Fixture.HOST).dns(Fixture.HOST)
                .issuedBy(other).build());
        try (OpenSsl server = OpenSsl.server("-cert", srv.toString(), "-key", srv.toString(), "-www")) {
            IOException e = assertThrows(IOException.class, () -> connect(f.clientSettings().client(), Fixture.HOST, server.port()));
            // s_server sends the leaf only
            assertEquals("certificate verify failed: unable to get local issuer certificate (issuer CN=OtherCA is not in "
                    + "CAfile " + f.caFile + ")", HandshakeFailures.describe(e, true));
        }
    }

    @Test
    void ourClientSendsCertificateOpensslRequires() throws Exception {
        Fixture.Tls c = f.clientSettings();
        c.cert = f.clientPem;
        try (OpenSsl server = OpenSsl.server("-cert", f.serverPem.toString(), "-key", f.serverPem.toString(),
                "-Verify", "2", "-verify_return_error", "-CAfile", f.caFile.toString(), "-www")) {
            String page = fetchStatusPage(c.client(), Fixture.HOST, server.port());
            assertTrue(page.contains("New, TLSv1.3"), page);
            assertTrue(page.contains("Client certificate") && page.contains("Subject: O=tinynet.edu, CN=alice"), page);
        }
    }

    @Test
    void ourClientWithoutCertificateLearnsOpensslRequiresOne() throws Exception {
        try (OpenSsl server = OpenSsl.server("-cert", f.serverPem.toString(), "-key", f.serverPem.toString(),
                "-Verify", "2", "-CAfile", f.caFile.toString(), "-www")) {
            IOException e = assertThrows(IOException.class, () -> fetchStatusPage(f.clientSettings().client(),
                    Fixture.HOST, server.port()));
            assertEquals("the peer requires a client certificate and none was sent (certificate_required alert): set "
                    + "cert = FILE in this service", HandshakeFailures.describe(e, true));
        }
    }

    @Test
    void sniIsSentForNamesAndNotForAddresses() throws Exception {
        ServiceTls client = f.clientSettings().client();
        try (OpenSsl server = OpenSsl.server("-cert", f.serverPem.toString(), "-key", f.serverPem.toString(), "-www",
                "-tlsextdebug")) {
            // first by address, then by name: s_server prints each ClientHello's extensions in order
            fetchStatusPage(client, "127.0.0.1", server.port());
            fetchStatusPage(client, Fixture.HOST, server.port());
            server.await("TLS client extension \"server name\"", T);
            server.await(Pattern.compile("(?s)server name.*" + Pattern.quote(Fixture.HOST.substring(0, 8))), T);
            assertEquals(1, count(server.output(), "TLS client extension \"server name\""),
                    "a server_name extension for the name only, none for the IP literal");
        }
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}
