package edu.tinynet.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.tinynet.tunnel.config.ConfigParser;
import edu.tinynet.tunnel.config.Endpoint;
import edu.tinynet.tunnel.config.ParseOptions;
import edu.tinynet.tunnel.config.ServiceConfig;
import edu.tinynet.tunnel.config.TunnelConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The lab's tunnel configurations are the seed's, adapted: each one parses strictly, keeps the
 * seed's services and comments, binds to its host's address, and every client side verifies its
 * server by CA and name.
 */
class EffectiveConfigFollowsTheSeedTest {

    private static final Path CA = Path.of("/lab/certs/ca.pem");
    private static final LabTopology PLAIN = new LabTopology(LabAddresses.perHostAddresses(),
            LabPorts.offset(10_000, LabAddresses.perHostAddresses()), false);

    private static TunnelConfig parse(LabHost host, LabTopology topo) throws Exception {
        String text = LabConfigs.effective(host, LabConfigs.seed(host), topo, CA,
                Path.of("/lab/certs/" + host.dnsName() + "/Site_Cert.pem"));
        return ConfigParser.parse(text, Path.of("/lab/conf/" + host.seedFile()), ParseOptions.STRICT);
    }

    private static ServiceConfig service(TunnelConfig cfg, String name) {
        return cfg.services().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void webServerClientSidesConnectToTheServerHostsAndVerifyThem() throws Exception {
        TunnelConfig cfg = parse(LabHost.WEBSERVER, PLAIN);
        assertEquals(List.of("ldaps", "imaps", "smtps"), cfg.services().stream().map(ServiceConfig::name).toList());
        String[][] expect = {
            {"ldaps", "10389", "127.0.0.2", "10636", "ldap.tinynet.edu"},
            {"imaps", "10143", "127.0.0.3", "10993", "mail.tinynet.edu"},
            {"smtps", "10587", "127.0.0.4", "10465", "gw.tinynet.edu"}};
        for (String[] e : expect) {
            ServiceConfig s = service(cfg, e[0]);
            assertTrue(s.client(), e[0]);
            assertEquals(new Endpoint("127.0.0.1", Integer.parseInt(e[1]), null).hostPort(), s.accept().hostPort());
            assertEquals(e[2] + ":" + e[3], s.connect().get(0).hostPort());
            assertEquals("127.0.0.1", s.local());
            assertTrue(s.tls().verification().verifyChain(), e[0]);
            assertEquals(List.of(e[4]), s.tls().verification().checkHost());
            assertEquals(e[4], s.tls().sni());
            assertEquals(CA, s.tls().caFile());
            assertNull(s.tls().cert(), "the seed's WebServer presents no certificate");
        }
    }

    @Test
    void serverSidesListenOnTheirHostAndUseItsCertificate() throws Exception {
        ServiceConfig ldaps = service(parse(LabHost.LDAPHOST, PLAIN), "ldaps");
        assertFalse(ldaps.client());
        assertEquals("127.0.0.2:10636", ldaps.accept().hostPort());
        assertEquals("127.0.0.2:10389", ldaps.connect().get(0).hostPort());
        assertEquals("127.0.0.2", ldaps.local());
        assertEquals(Path.of("/lab/certs/ldap.tinynet.edu/Site_Cert.pem"), ldaps.tls().cert());

        ServiceConfig imaps = service(parse(LabHost.MAILHOST, PLAIN), "imaps");
        assertEquals("127.0.0.3:10993", imaps.accept().hostPort());
        assertEquals("127.0.0.3:10143", imaps.connect().get(0).hostPort());

        ServiceConfig smtps = service(parse(LabHost.GATEWAY, PLAIN), "smtps");
        assertEquals("127.0.0.4:10465", smtps.accept().hostPort());
        assertEquals("127.0.0.4:10587", smtps.connect().get(0).hostPort());
    }

    @Test
    void gatewayToMailHostHopIsTunnelledWithTheGatewaysCertificate() throws Exception {
        ServiceConfig relay = service(parse(LabHost.GATEWAY, PLAIN), LabConfigs.GATEWAY_RELAY_SERVICE);
        assertTrue(relay.client());
        assertEquals("127.0.0.4:10025", relay.accept().hostPort());
        assertEquals("127.0.0.3:10465", relay.connect().get(0).hostPort());
        assertEquals(Path.of("/lab/certs/gw.tinynet.edu/Site_Cert.pem"), relay.tls().cert());
        assertEquals(List.of("mail.tinynet.edu"), relay.tls().verification().checkHost());

        ServiceConfig in = service(parse(LabHost.MAILHOST, PLAIN), LabConfigs.MAILHOST_RELAY_SERVICE);
        assertFalse(in.client());
        assertEquals("127.0.0.3:10465", in.accept().hostPort());
        assertEquals("127.0.0.3:10587", in.connect().get(0).hostPort());
        assertTrue(in.tls().verification().verifyChain());
        assertEquals(List.of("gw.tinynet.edu"), in.tls().verification().checkHost());
    }

    @Test
    void withTapsClientSidesConnectToTheTapOfTheirHop() throws Exception {
        LabTopology tapped = new LabTopology(PLAIN.addresses(), PLAIN.ports(), true);
        assertEquals("127.0.0.2:15636", service(parse(LabHost.WEBSERVER, tapped), "ldaps").connect().get(0).hostPort());
        assertEquals("127.0.0.3:15465",
                service(parse(LabHost.GATEWAY, tapped), LabConfigs.GATEWAY_RELAY_SERVICE).connect().get(0).hostPort());
        // server sides are where they were: the tap forwards to them
        assertEquals("127.0.0.2:10636", service(parse(LabHost.LDAPHOST, tapped), "ldaps").accept().hostPort());
    }

    @Test
    void seedCommentsAndOriginalLinesAreKept() {
        String text = LabConfigs.effective(LabHost.WEBSERVER, LabConfigs.seed(LabHost.WEBSERVER), PLAIN, CA,
                Path.of("/x"));
        assertTrue(text.contains("; LDAP directory lookups -> LDAPS on the LDAP host"), text);
        assertTrue(text.contains("; seed: connect = ldap.tinynet.edu:636"), text);
        assertTrue(text.contains("; seed: accept = 389"), text);
        assertTrue(text.contains("debug = notice"), text);
    }

    @Test
    void singleAddressLayoutKeepsTheClientPortsAndSeparatesTheRest() throws Exception {
        LabAddresses single = LabAddresses.singleAddress();
        LabTopology topo = new LabTopology(single, LabPorts.offset(10_000, single), false);
        TunnelConfig web = parse(LabHost.WEBSERVER, topo);
        assertEquals("127.0.0.1:10389", service(web, "ldaps").accept().hostPort());
        assertEquals("127.0.0.1:10636", service(web, "ldaps").connect().get(0).hostPort());
        // LDAPhost's directory server cannot share 10389 with WebServer's client side
        assertEquals("127.0.0.1:11389", service(parse(LabHost.LDAPHOST, topo), "ldaps").connect().get(0).hostPort());
    }

    @Test
    void seedConnectingToAnUnknownHostIsRejectedWithFileAndLine() {
        String seed = "client = yes\n[x]\naccept = 389\nconnect = evil.example.org:636\n";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LabConfigs.effective(LabHost.WEBSERVER, seed, PLAIN, CA, Path.of("/x")));
        assertTrue(e.getMessage().startsWith("webserver.conf:4: connect = evil.example.org:636"), e.getMessage());
    }

    @Test
    void seedPortWithoutLabEndpointIsRejected() {
        String seed = "[x]\naccept = 8443\nconnect = 80\n";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LabConfigs.effective(LabHost.LDAPHOST, seed, PLAIN, CA, Path.of("/x")));
        assertTrue(e.getMessage().contains("ldaphost.conf:2: accept = 8443: the lab has nothing for port 8443 on LDAPhost"),
                e.getMessage());
    }
}
