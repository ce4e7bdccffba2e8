package edu.tinynet.tunnel.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The four TinyNet host configurations load as stunnel users wrote them. */
class SeedConfigsTest {

    static Path seed(String name) {
        try {
            return Path.of(SeedConfigsTest.class.getResource("/seed/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static TunnelConfig load(String name) throws ConfigException {
        return ConfigParser.parse(seed(name), ParseOptions.STRICT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"webserver.conf", "ldaphost.conf", "mailhost.conf", "gateway.conf"})
    void loadsWithoutErrors(String name) {
        CheckResult result = ConfigParser.check(seed(name), ParseOptions.STRICT);
        assertTrue(result.ok(), () -> result.errors().toString());
        assertEquals(List.of(), result.errors());
    }

    @Test
    void webserverIsAClientForThreeServices() throws ConfigException {
        TunnelConfig config = load("webserver.conf");
        assertEquals(List.of("ldaps", "imaps", "smtps"), config.services().stream().map(ServiceConfig::name).toList());
        assertTrue(config.services().stream().allMatch(ServiceConfig::client));
        ServiceConfig ldaps = config.services().get(0);
        assertEquals(new Endpoint("0.0.0.0", 389, "389"), ldaps.accept());
        assertEquals(List.of(new Endpoint("ldap.tinynet.edu", 636, "ldap.tinynet.edu:636")), ldaps.connect());
        assertNull(ldaps.tls().cert());
    }

    @Test
    void webserverGetsTheMitmWarningForEachService() throws ConfigException {
        List<String> warnings = load("webserver.conf").diagnostics().stream().map(Diagnostic::format).toList();
        assertEquals(List.of(
                "Service [ldaps] needs authentication to prevent MITM attacks",
                "Service [imaps] needs authentication to prevent MITM attacks",
                "Service [smtps] needs authentication to prevent MITM attacks"), warnings);
    }

    @Test
    void serverHostsHaveNoWarnings() throws ConfigException {
        for (String name : List.of("ldaphost.conf", "mailhost.conf", "gateway.conf")) {
            assertEquals(List.of(), load(name).diagnostics(), name);
        }
    }

    @Test
    void portOffsetShiftsEveryPort() throws ConfigException {
        TunnelConfig shifted = load("webserver.conf").withPortOffset(10000);
        List<String> routes = shifted.services().stream()
                .map(s -> s.accept().port() + "->" + s.connect().get(0).hostPort()).toList();
        assertEquals(List.of("10389->ldap.tinynet.edu:10636", "10143->mail.tinynet.edu:10993",
                "10587->gw.tinynet.edu:10465"), routes);
    }

    @Test
    void serverSeedsUseSiteCertForKeyAndCertNextToTheConfig() throws ConfigException {
        ServiceConfig ldaps = load("ldaphost.conf").services().get(0);
        Path expected = seed("ldaphost.conf").getParent().resolve("Site_Cert.pem");
        assertEquals(expected, ldaps.tls().cert());
        assertEquals(expected, ldaps.tls().key());
        assertFalse(ldaps.client());
        assertEquals("0.0.0.0:636", ldaps.accept().hostPort());
        assertEquals("localhost:389", ldaps.connect().get(0).hostPort());
    }

    @Test
    void mailAndGatewayRoutes() throws ConfigException {
        ServiceConfig imaps = load("mailhost.conf").services().get(0);
        ServiceConfig smtps = load("gateway.conf").services().get(0);
        assertEquals("imaps 0.0.0.0:993 -> localhost:143", imaps.name() + " " + imaps.accept() + " -> " + imaps.connect().get(0));
        assertEquals("smtps 0.0.0.0:465 -> localhost:587", smtps.name() + " " + smtps.accept() + " -> " + smtps.connect().get(0));
    }

}
