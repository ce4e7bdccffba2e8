package edu.tinynet.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.tinynet.fixtures.ldap.LdapConnection;
import edu.tinynet.fixtures.mail.ClientConnection;
import edu.tinynet.fixtures.mail.MailService;
import edu.tinynet.lab.tap.TapRelay;
import edu.tinynet.lab.tap.TlsRecordScanner;
import edu.tinynet.tunnel.testing.RecordingTunnelListener;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.naming.directory.InitialDirContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole lab with TLS and a tap on every hop, used the way the seed's web application uses it:
 * JNDI binds and searches the address book, Jakarta Mail sends through the Gateway and reads back
 * at MailHost. One lab for the class; the traffic is made once, then each test checks one
 * property of it.
 */
@Tag("integration")
class LabEndToEndIT {

    @TempDir
    static Path work;

    static Lab lab;
    static final RecordingTunnelListener ldapHostEvents = new RecordingTunnelListener();

    static final Lab.User ALICE = Lab.USERS.get(0);
    static final Lab.User BOB = Lab.USERS.get(1);
    static final String SUBJECT = "Lab minutes " + UUID.randomUUID();
    static final String BODY = "The east tunnel opens at noon; bring the blue lantern. " + UUID.randomUUID();

    static Map<String, Map<String, String>> people;
    static LabClients.Read received;

    @BeforeAll
    static void startTheLabAndUseIt() throws Exception {
        lab = Lab.builder().work(work).freePorts().tap(true).listener(LabHost.LDAPHOST, ldapHostEvents).start();

        InitialDirContext ctx = LabClients.bind(lab, ALICE);
        try {
            people = LabClients.searchPeople(ctx, lab.baseDn(), "(objectClass=inetOrgPerson)",
                    "cn", "mail", "telephoneNumber", "title");
        } finally {
            ctx.close();
        }
        LabClients.send(lab, ALICE, BOB.email(), SUBJECT, BODY);
        received = LabClients.awaitMail(lab, BOB, SUBJECT, Duration.ofSeconds(30));
        Taps.awaitQuiet(lab, Duration.ofSeconds(20));
    }

    @AfterAll
    static void stopTheLab() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void ldapBindAndSearchReturnTheAddressBook() {
        assertEquals(12, people.size(), people.keySet().toString());
        Map<String, String> bob = people.get("uid=bob,ou=people,o=tinynet.edu");
        assertEquals("Bob Builder", bob.get("cn"));
        assertEquals("bob@tinynet.edu", bob.get("mail"));
        assertEquals("+1 555 0100 102", bob.get("telephoneNumber"));
    }

    @Test
    void mailSentThroughTheGatewayIsReadBackAtMailHost() {
        assertEquals(SUBJECT, received.subject());
        assertEquals(ALICE.email(), received.from());
        assertEquals(BODY, received.text().strip());
        assertTrue(lab.gateway().relayedCount() >= 1, "the Gateway relayed it");
        assertEquals(0, lab.gateway().pendingRelayCount());
    }

    @Test
    void everyHopCarriesOnlyWellFormedTlsRecords() throws Exception {
        Taps.awaitQuiet(lab, Duration.ofSeconds(20));
        for (Map.Entry<LabTopology.Hop, TapRelay> e : lab.taps().entrySet()) {
            List<TapRelay.Capture> caps = e.getValue().captures();
            assertFalse(caps.isEmpty(), "no traffic on " + e.getKey().name());
            long appData = 0;
            for (TapRelay.Capture c : caps) {
                for (byte[] d : List.of(c.clientToServer(), c.serverToClient())) {
                    TlsRecordScanner.Result r = TlsRecordScanner.scan(d, d.length, false);
                    assertTrue(r.wellFormed(), e.getKey().name() + " #" + c.id() + ": " + r.problem());
                    appData += r.byType().getOrDefault(TlsRecordScanner.ContentType.APPLICATION_DATA, 0L);
                }
                assertTrue(c.clientToServer().length > 0 && c.serverToClient().length > 0,
                        e.getKey().name() + " #" + c.id() + " carried nothing");
            }
            assertTrue(appData > 0, "no application data on " + e.getKey().name());
        }
    }

    @Test
    void noPasswordMailTextOrDirectoryValueCrossesAHopInClearText() throws Exception {
        Taps.awaitQuiet(lab, Duration.ofSeconds(20));
        Map<String, String> secrets = new LinkedHashMap<>();
        for (Lab.User u : Lab.USERS) {
            secrets.put("password of " + u.uid(), u.password());
        }
        secrets.put("Gateway's relay password", lab.relayPassword());
        secrets.put("mail subject", SUBJECT);
        secrets.put("mail body", BODY);
        people.forEach((dn, attrs) -> attrs.forEach((name, value) -> {
            if (value.length() >= 6) {
                secrets.put(name + " of " + dn, value);
            }
        }));
        assertTrue(secrets.size() > 40, "the search returned the directory's values: " + secrets.size());
        List<String> found = Taps.findSecrets(lab, secrets);
        assertEquals(List.of(), found);
        // the lab's own summary agrees
        lab.tapSummaries().forEach(s -> assertEquals(List.of(), s.leaked(), s.hop()));
    }

    @Test
    void eachBackendSeesConnectionsFromItsOwnHost() {
        Assumptions.assumeFalse(lab.topology().addresses().single(), "all hosts share 127.0.0.1 here");
        List<String> wrong = new ArrayList<>();
        for (LdapConnection c : lab.ldap().connections()) {
            expect(wrong, "LDAPhost directory", c.remoteAddress().getAddress().getHostAddress(), "127.0.0.2");
        }
        for (ClientConnection c : lab.mailHost().connections()) {
            expect(wrong, "MailHost " + c.service(), c.remoteAddress(), "127.0.0.3");
        }
        for (ClientConnection c : lab.gateway().connections()) {
            expect(wrong, "Gateway " + c.service(), c.remoteAddress(), "127.0.0.4");
        }
        assertFalse(lab.ldap().connections().isEmpty());
        assertFalse(lab.mailHost().connections(MailService.IMAP).isEmpty());
        assertFalse(lab.mailHost().connections(MailService.SMTP).isEmpty(), "the relayed mail came in");
        assertFalse(lab.gateway().connections(MailService.SMTP).isEmpty());
        assertEquals(List.of(), wrong);
        // and LDAPhost's tunnel saw the connection come from WebServer, through the (transparent) tap
        assertTrue(ldapHostEvents.ofType("accepted").stream()
                .allMatch(e -> e.connection().peer().getAddress().getHostAddress().equals("127.0.0.1")),
                ldapHostEvents.ofType("accepted").toString());
    }

    private static void expect(List<String> wrong, String who, String seen, String expected) {
        if (!seen.equals(expected)) {
            wrong.add(who + " saw a connection from " + seen + ", expected " + expected);
        }
    }

    @Test
    void debianClientToolsWorkThroughTheLabAsPrinted() throws Exception {
        List<String> commands = LabReport.commands(lab);
        assertEquals(4, commands.size());
        Shell.Result search = Shell.run(commands.get(0));
        assertEquals(0, search.exit(), search.output());
        assertTrue(search.output().contains("telephoneNumber: +1 555 0100 102"), search.output());

        Shell.Result send = Shell.run(commands.get(1));
        assertEquals(0, send.exit(), send.output());
        lab.mailHost().awaitMessages(ALICE.login(), 1, Duration.ofSeconds(30));

        Shell.Result read = Shell.run(commands.get(2));
        assertEquals(0, read.exit(), read.output());
        assertTrue(read.output().contains("Meet me at the tunnel entrance at noon."), read.output());
        assertTrue(read.output().contains("Subject: hello through the tunnels"), read.output());

        Shell.Result tls = Shell.run(commands.get(3));
        assertEquals(0, tls.exit(), tls.output());
        assertTrue(tls.output().contains("Verification: OK"), tls.output());
        assertTrue(tls.output().contains("Verified peername: ldap.tinynet.edu"), tls.output());
    }
}
