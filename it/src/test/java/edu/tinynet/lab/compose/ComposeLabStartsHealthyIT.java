package edu.tinynet.lab.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The lab as `docker compose up` leaves it: what the README promises before anyone sends a byte. */
@Tag("integration")
@ExtendWith(ComposeLab.class)
class ComposeLabStartsHealthyIT {

    /** stunnel's SIGUSR2 listing: "Active connection 1: Service [imaps], N byte(s) sent to TLS, M byte(s) sent to socket". */
    private static final String LISTED = "(?s).*LOG5\\[ui\\]: Active connection \\d+: Service \\[imaps\\], \\d+ byte\\(s\\) sent to TLS,"
            + " \\d+ byte\\(s\\) sent to socket\n.*Listed \\d+ active connection\\(s\\).*";

    @Test
    void fourHostsAreHealthyAfterPkiInitCompleted(LiveLab lab) {
        for (String h : LiveLab.HOSTS) {
            assertEquals("healthy", lab.healthStatus(h), h);
        }
        var pki = lab.container("pki-init").getContainerInfo().getState();
        assertEquals(0L, pki.getExitCodeLong(), () -> "pki-init:\n" + lab.logs("pki-init"));
        assertTrue(lab.logs("pki-init").contains("Lab PKI written to /pki"), lab.logs("pki-init"));
    }

    @Test
    void eachServerKeyIsMode0600AndOwnedByTheTunnelsUser(LiveLab lab) {
        for (String[] h : new String[][] {{"ldaphost", "ldap"}, {"mailhost", "mail"}, {"gateway", "gw"}}) {
            String expected = "certificate and key /pki/" + h[1] + ".tinynet.edu/Site_Cert.pem: mode 0600,"
                    + " owner uid 10001 (this process: uid 10001)";
            assertTrue(lab.logs(h[0]).contains(expected), () -> h[0] + " did not log: " + expected);
        }
    }

    @Test
    void webServerRunsTheSeedVerbatimWithVerificationSwitchedOn(LiveLab lab) throws IOException {
        Commands.Result show = lab.compose(Duration.ofMinutes(1), "exec", "-T", "webserver", "java", "-Xmx64m",
                "-jar", "/opt/tinynet/tinynet-host.jar", "show", "webserver");
        assertTrue(show.ok(), show::describe);
        // every line of the seed, in order
        List<String> seed = Files.readAllLines(lab.root.resolve("tunnel/src/test/resources/seed/webserver.conf"));
        List<String> effective = List.of(show.output().split("\n"));
        int at = 0;
        for (String line : seed) {
            int found = effective.subList(at, effective.size()).indexOf(line);
            assertTrue(found >= 0, () -> "seed line missing or out of order: \"" + line + "\"\n" + show.output());
            at += found + 1;
        }
        // and what the tunnel makes of it
        Commands.Result check = lab.compose(Duration.ofMinutes(1), "exec", "-T", "webserver", "java", "-Xmx64m", "-cp",
                "/opt/tinynet/tinynet-host.jar", "edu.tinynet.tunnel.cli.TunnelMain", "check", "/run/tinynet/webserver.conf");
        assertTrue(check.ok(), check::describe);
        String out = check.output();
        for (String[] s : new String[][] {{"ldaps", "ldap"}, {"imaps", "mail"}, {"smtps", "gw"}}) {
            String section = out.substring(out.indexOf("Service [" + s[0] + "]"));
            assertTrue(section.matches("(?s).*verifyChain\\s+= yes.*"), section);
            assertTrue(section.matches("(?s).*checkHost\\s+= " + s[1] + "\\.tinynet\\.edu\\s.*"), section);
            assertTrue(section.matches("(?s).*CAfile\\s+= /run/tinynet/ca\\.pem.*"), section);
        }
    }

    @Test
    void plaintextServersListenOnTheirHostsLoopbackOnly(LiveLab lab) {
        String[][] expected = {{"ldaphost", "389", "636"}, {"mailhost", "143", "993"}, {"mailhost", "25", "465"},
            {"gateway", "587", "465"}, {"gateway", "2525", "465"}};
        for (String[] e : expected) {
            Commands.Result ns = lab.compose(Duration.ofMinutes(1), "exec", "-T", e[0], "java", "-Xmx32m", "-jar",
                    "/opt/tinynet/tinynet-host.jar", "netstat", "-l");
            assertTrue(ns.ok(), ns::describe);
            List<String> listening = List.of(ns.output().split("\n"));
            assertTrue(listening.stream().anyMatch(l -> l.matches("tcp6?\\s+127\\.0\\.0\\.1:" + e[1] + "\\s.*LISTEN")),
                    () -> e[0] + " has no 127.0.0.1:" + e[1] + " listener:\n" + ns.output());
            assertTrue(listening.stream().noneMatch(l -> l.matches("tcp6?\\s+(?!127\\.0\\.0\\.1:)\\S+:" + e[1]
                    + "\\s.*LISTEN")), () -> e[0] + " listens on port " + e[1] + " beyond loopback:\n" + ns.output());
            assertTrue(listening.stream().anyMatch(l -> l.matches("tcp6?\\s+(0\\.0\\.0\\.0|\\[::\\]):" + e[2]
                    + "\\s.*LISTEN")), () -> e[0] + " has no TLS listener on " + e[2] + ":\n" + ns.output());
        }
    }

    @Test
    void sigusr2MakesWebServerListItsActiveConnections(LiveLab lab) throws Exception {
        try (Socket held = new Socket("127.0.0.1", lab.imapPort)) {
            byte[] greeting = new byte[64];
            int n = held.getInputStream().read(greeting); // the IMAP greeting: the tunnel is connected through
            assertTrue(n > 0 && new String(greeting, 0, n, StandardCharsets.US_ASCII).startsWith("* OK"));
            Commands.Result kill = lab.compose(Duration.ofMinutes(1), "kill", "-s", "USR2", "webserver");
            assertTrue(kill.ok(), kill::describe);
            String log = "";
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < deadline && !log.matches(LISTED)) {
                Thread.sleep(200);
                log = lab.logs("webserver");
            }
            assertTrue(log.matches(LISTED), log);
        }
        assertEquals("healthy", lab.healthStatus("webserver"), "USR2 must not stop the host");
    }
}
