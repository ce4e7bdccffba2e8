package edu.tinynet.lab.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.tinynet.fixtures.mail.EmbeddedMail;
import edu.tinynet.fixtures.mail.ReceivedMessage;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MailHost and Gateway in one JVM, as compose runs them but on shifted ports: mail submitted over
 * SMTPS to the Gateway's seed service is relayed through its [relay] tunnel (client certificate
 * gw.tinynet.edu) to the MailHost's [smtp-relay] (which requires that certificate) and lands in the
 * mailbox; every plaintext leg is on loopback.
 */
class MailPathRelaysOverMutualTlsTest {

    @TempDir
    Path dir;

    @Test
    void mailSubmittedAtTheGatewayArrivesInTheMailHostMailbox() throws Exception {
        Path pki = LabHosts.pki(dir);
        int mailOffset = LabHosts.freeOffset(25, 143, 993, 465);
        int gwOffset;
        do { // the relay's connect port (before the offset) must stay a positive port number
            gwOffset = LabHosts.freeOffset(587, 465, 2525);
        } while (gwOffset >= mailOffset + 465 || gwOffset == mailOffset);
        // the lab overlay, but to 127.0.0.1 instead of the lab name (no lab DNS here); the name is still checked
        Path overlay = dir.resolve("gateway-overlay.conf");
        Files.writeString(overlay, Files.readString(LabFiles.overlay(Role.GATEWAY))
                .replace("connect = mail.tinynet.edu:465", "connect = 127.0.0.1:" + (465 + mailOffset - gwOffset)));
        LabHosts.Log mailLog = new LabHosts.Log();
        LabHosts.Log gwLog = new LabHosts.Log();
        try (LabHost mailHost = LabHosts.start(Role.MAILHOST, LabFiles.overlay(Role.MAILHOST), pki,
                dir.resolve("run-mail"), mailOffset, mailLog);
             LabHost gateway = LabHosts.start(Role.GATEWAY, overlay, pki, dir.resolve("run-gw"), gwOffset, gwLog)) {

            String subject = "relayed " + System.nanoTime();
            submit(pki.resolve("ca.pem"), 465 + gwOffset, subject);

            List<ReceivedMessage> inbox = mailHost.mail().awaitMessages("alice", 1, Duration.ofSeconds(30));
            assertEquals(subject, inbox.get(0).subject());
            gateway.mail().awaitRelayed(1, Duration.ofSeconds(10));

            String m = mailLog.text();
            String g = gwLog.text();
            assertTrue(m.contains("Service [smtp-relay] accepted connection from 127.0.0.1:"), m);
            assertTrue(m.contains("LOG5[smtp]: SMTP connection from 127.0.0.1:"), m);
            assertTrue(g.contains("Service [relay] accepted connection from 127.0.0.1:"), g);
            assertTrue(g.contains("handed to the mail host"), g);
            mailHost.mail().connections().forEach(c -> assertEquals("127.0.0.1", c.remoteAddress()));
            gateway.mail().connections().forEach(c -> assertEquals("127.0.0.1", c.remoteAddress()));
        }
    }

    /** A minimal SMTPS client: verified TLS to gw.tinynet.edu, AUTH PLAIN as alice, one message. */
    private static void submit(Path caFile, int port, String subject) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(caFile)) {
            trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", port)) {
            SSLParameters p = s.getSSLParameters();
            p.setEndpointIdentificationAlgorithm("HTTPS");
            p.setServerNames(List.of(new SNIHostName("gw.tinynet.edu")));
            s.setSSLParameters(p);
            s.setSoTimeout(20_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = s.getOutputStream();
            expect(in, "220");
            send(out, "EHLO test");
            expect(in, "250");
            String auth = Base64.getEncoder().encodeToString(("\0" + EmbeddedMail.DEMO_LOGIN + "\0"
                    + EmbeddedMail.DEMO_PASSWORD).getBytes(StandardCharsets.UTF_8));
            send(out, "AUTH PLAIN " + auth);
            expect(in, "235");
            send(out, "MAIL FROM:<" + EmbeddedMail.DEMO_USER + ">");
            expect(in, "250");
            send(out, "RCPT TO:<" + EmbeddedMail.DEMO_USER + ">");
            expect(in, "250");
            send(out, "DATA");
            expect(in, "354");
            send(out, "From: " + EmbeddedMail.DEMO_USER + "\r\nTo: " + EmbeddedMail.DEMO_USER + "\r\nSubject: " + subject
                    + "\r\n\r\nthrough two tunnels\r\n.");
            expect(in, "250");
            send(out, "QUIT");
        }
    }

    private static void send(OutputStream out, String line) throws Exception {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static void expect(BufferedReader in, String code) throws Exception {
        String line;
        do {
            line = in.readLine();
            if (line == null) {
                throw new AssertionError("connection closed, expected " + code);
            }
        } while (line.length() > 3 && line.charAt(3) == '-');
        assertTrue(line.startsWith(code), "expected " + code + ", got " + line);
    }
}
