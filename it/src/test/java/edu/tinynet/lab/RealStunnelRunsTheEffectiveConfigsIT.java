package edu.tinynet.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.naming.directory.InitialDirContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The configuration files the lab writes are real stunnel configurations: Debian's stunnel4 runs
 * them in place of the lab's own tunnel, on either side of a hop, and the lab works the same.
 */
@Tag("integration")
class RealStunnelRunsTheEffectiveConfigsIT {

    @TempDir
    static Path work;

    static Lab lab;

    @BeforeAll
    static void startTheLab() throws Exception {
        Shell.requireTool("stunnel4");
        lab = Lab.builder().work(work).freePorts().start();
    }

    @AfterAll
    static void stopTheLab() {
        if (lab != null) {
            lab.close();
        }
    }

    /** Runs stunnel4 in the foreground on {@code host}'s effective configuration until the port listens. */
    private static Process stunnel(LabHost host, LabEndpoint listensOn) throws Exception {
        Path conf = work.resolve("stunnel-" + host.id() + ".conf");
        Files.writeString(conf, "foreground = yes\npid =\n" + Files.readString(lab.configFile(host)));
        Path log = work.resolve("stunnel-" + host.id() + ".log");
        Process p = new ProcessBuilder("stunnel4", conf.toString()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        for (;;) {
            try (Socket s = new Socket()) {
                s.connect(lab.socket(listensOn), 200);
                return p;
            } catch (IOException e) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    p.destroy();
                    throw new AssertionError("stunnel4 did not listen on " + lab.socket(listensOn) + ":\n"
                            + Files.readString(log));
                }
                Thread.sleep(100);
            }
        }
    }

    private static void stop(Process p) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
    }

    private static void lookUpBob() throws Exception {
        InitialDirContext ctx = LabClients.bind(lab, Lab.DEMO_USER);
        try {
            assertEquals("+1 555 0100 102", LabClients.searchPeople(ctx, lab.baseDn(), "(uid=bob)", "telephoneNumber")
                    .get("uid=bob,ou=people,o=tinynet.edu").get("telephoneNumber"));
        } finally {
            ctx.close();
        }
    }

    @Test
    void stunnelServesLdapHostsSideOfTheHop() throws Exception {
        lab.stopTunnel(LabHost.LDAPHOST);
        Process p = stunnel(LabHost.LDAPHOST, LabEndpoint.LDAP_TLS);
        try {
            lookUpBob();
            assertTrue(lab.ldap().connections().stream().allMatch(
                    c -> c.remoteAddress().getAddress().equals(lab.address(LabHost.LDAPHOST))),
                    "stunnel honoured local = " + lab.address(LabHost.LDAPHOST));
        } finally {
            stop(p);
            lab.startTunnel(LabHost.LDAPHOST);
        }
        lookUpBob();
    }

    @Test
    void stunnelServesWebServersSideOfTheHopAndVerifiesTheServer() throws Exception {
        lab.stopTunnel(LabHost.WEBSERVER);
        Process p = stunnel(LabHost.WEBSERVER, LabEndpoint.WEB_LDAP);
        try {
            lookUpBob();
        } finally {
            stop(p);
            lab.startTunnel(LabHost.WEBSERVER);
        }
        String log = Files.readString(work.resolve("stunnel-webserver.log"));
        // stunnel checked LDAPhost's chain against TinyNetCA and its name (checkHost) itself
        assertTrue(log.contains("Certificate accepted at depth=0: O=tinynet.edu, CN=ldap.tinynet.edu"), log);
    }
}
