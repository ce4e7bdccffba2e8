package edu.tinynet.lab.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.tinynet.tunnel.config.CheckResult;
import edu.tinynet.tunnel.config.ConfigParser;
import edu.tinynet.tunnel.config.ParseOptions;
import edu.tinynet.tunnel.config.ServiceConfig;
import edu.tinynet.tunnel.config.TunnelConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lab's effective configurations (seed + overlay, exactly as the images hold them) pass the
 * tunnel's strict parser, and every hop that crosses the lab network verifies its peer.
 */
class EffectiveLabConfigurationsTest {

    @TempDir
    Path dir;

    private TunnelConfig effective(Role role) throws Exception {
        Path conf = dir.resolve(role.id() + ".conf");
        ConfigOverlay.write(LabFiles.seed(role), LabFiles.overlay(role), conf);
        CheckResult r = ConfigParser.check(conf, ParseOptions.STRICT);
        assertTrue(r.ok(), () -> role + ": " + r.diagnostics() + "\n" + read(conf));
        assertTrue(r.warnings().isEmpty(), () -> role + " has warnings: " + r.warnings());
        return r.config();
    }

    private static Map<String, ServiceConfig> byName(TunnelConfig c) {
        return c.services().stream().collect(Collectors.toMap(ServiceConfig::name, s -> s));
    }

    @Test
    void webServerVerifiesEachServerAgainstTheLabCaAndItsName() throws Exception {
        Map<String, ServiceConfig> s = byName(effective(Role.WEBSERVER));
        assertEquals(List.of("imaps", "ldaps", "smtps"), s.keySet().stream().sorted().toList());
        Map<String, String> names = Map.of("ldaps", "ldap.tinynet.edu:636", "imaps", "mail.tinynet.edu:993",
                "smtps", "gw.tinynet.edu:465");
        names.forEach((svc, target) -> {
            ServiceConfig c = s.get(svc);
            assertTrue(c.client(), svc);
            assertEquals(target, c.connect().get(0).hostPort(), svc);
            assertTrue(c.tls().verification().verifyChain(), svc);
            assertEquals(List.of(target.substring(0, target.indexOf(':'))), c.tls().verification().checkHost(), svc);
            assertTrue(c.delay(), svc + ": resolve per connection");
        });
    }

    @Test
    void serverHostsHandPlaintextOnlyToLoopback() throws Exception {
        for (Role r : List.of(Role.LDAPHOST, Role.MAILHOST, Role.GATEWAY)) {
            for (ServiceConfig c : effective(r).services()) {
                if (!c.client()) {
                    assertEquals("localhost", c.connect().get(0).host(), () -> r + " [" + c.name() + "]");
                }
            }
        }
    }

    @Test
    void onlyTheGatewayMayUseTheMailHostRelayPort() throws Exception {
        ServiceConfig relayIn = byName(effective(Role.MAILHOST)).get(LabHost.RELAY_IN_SERVICE);
        assertFalse(relayIn.client());
        assertEquals(465, relayIn.accept().port());
        assertTrue(relayIn.tls().verification().verifyChain());
        assertTrue(relayIn.tls().verification().requireCert());
        assertEquals(List.of("gw.tinynet.edu"), relayIn.tls().verification().checkHost());
    }

    @Test
    void theGatewayRelaysOverVerifiedTlsFromLoopback() throws Exception {
        ServiceConfig relay = byName(effective(Role.GATEWAY)).get(LabHost.RELAY_OUT_SERVICE);
        assertTrue(relay.client());
        assertEquals("127.0.0.1", relay.accept().host());
        assertEquals("mail.tinynet.edu:465", relay.connect().get(0).hostPort());
        assertTrue(relay.tls().verification().verifyChain());
        assertEquals(List.of("mail.tinynet.edu"), relay.tls().verification().checkHost());
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
