package edu.tinynet.tunnel.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.tinynet.tunnel.service.Tunnel;
import edu.tinynet.tunnel.testing.EchoServer;
import edu.tinynet.tunnel.testing.InteropFiles;
import edu.tinynet.tunnel.testing.RecordingTunnelListener;
import edu.tinynet.tunnel.testing.TunnelFixtures;
import edu.tinynet.tunnel.testing.TunnelProbe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reload of a configuration with a syntax error (a line that is neither a section, an option nor
 * a comment), which also switches to a new certificate: the error names the file and the line,
 * nothing of the new configuration takes effect, and a connection opened before still relays.
 * Once through {@code TunnelDaemon.reload()}, once with SIGHUP to {@code tunnel run} in its own JVM.
 */
class ReloadWithSyntaxErrorKeepsOldStateTest {

    private static final String BROKEN_LINE = "this line is not an option";

    @TempDir
    Path dir;

    @Test
    void syntaxErrorNamesFileAndLineAndKeepsTheOldConfiguration() throws Exception {
        try (DaemonFixture f = DaemonFixture.start(dir)) {
            Path newCert = f.newServerCert("new.pem", "CN=renewed,O=tinynet.edu");
            try (TunnelProbe live = f.connect()) {
                DaemonFixture.echoes(live, "live");

                String text = f.config(newCert, BROKEN_LINE + "\n");
                int line = lineOf(text, BROKEN_LINE);
                assertFalse(f.reload(text), "reload must fail");

                String log = f.log();
                assertTrue(log.contains("LOG3[ui]: " + f.conf + ":" + line + ": \"" + BROKEN_LINE + "\": No '=' found"),
                        "names file and line " + line + "\n" + log);
                assertTrue(log.contains("LOG3[ui]: Reloading " + f.conf + " failed: 1 error(s) in the configuration; "
                        + "keeping the previous configuration"), log);
                DaemonFixture.echoes(live, "still live");
                assertEquals(DaemonFixture.OLD_SUBJECT, f.newConnectionEchoes("after"), "the new cert is not used");
            }
        }
    }

    @Test
    @Timeout(60)
    void sighupWithSyntaxErrorKeepsTheRunningTunnelServing() throws Exception {
        TunnelFixtures.Pki pki = TunnelFixtures.pki();
        InteropFiles files = InteropFiles.write(pki, dir);
        Path conf = dir.resolve("tunnel.conf");
        try (EchoServer echo = EchoServer.echo()) {
            String base = "foreground = yes\npid = " + dir.resolve("tunnel.pid") + "\ndebug = 5\n\n[svc]\n"
                    + "accept = 127.0.0.1:0\nconnect = 127.0.0.1:" + echo.port() + "\ncert = " + files.server() + "\n";
            Files.writeString(conf, base);
            try (ChildTunnel tunnel = ChildTunnel.start(dir, conf, 0);
                    Tunnel client = TunnelFixtures.start(TunnelFixtures.client("c", tunnel.address("svc")),
                            pki.clientTls(), new RecordingTunnelListener())) {
                try (TunnelProbe live = TunnelProbe.connect(client.boundAddress("c"), Duration.ofSeconds(10))) {
                    DaemonFixture.echoes(live, "live");

                    String text = base + "[second]\naccept = 127.0.0.1:0\nconnect = 127.0.0.1:" + echo.port() + "\n"
                            + BROKEN_LINE + "\ncert = " + files.server() + "\n";
                    Files.writeString(conf, text);
                    tunnel.signal("HUP");
                    assertTrue(tunnel.awaitOutput("; keeping the previous configuration", Duration.ofSeconds(10)),
                            tunnel.output());
                    String out = tunnel.output();
                    assertTrue(out.contains("LOG3[ui]: " + conf + ":" + lineOf(text, BROKEN_LINE) + ": \""
                            + BROKEN_LINE + "\": No '=' found"), out);
                    assertFalse(out.contains("Service [second] bound"), "nothing of the new configuration\n" + out);

                    DaemonFixture.echoes(live, "still live");
                    try (TunnelProbe p = TunnelProbe.connect(client.boundAddress("c"), Duration.ofSeconds(10))) {
                        DaemonFixture.echoes(p, "new");
                    }
                }
                assertEquals(0, tunnel.stop(), tunnel.output());
            }
        }
    }

    private static int lineOf(String text, String needle) {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].equals(needle)) {
                return i + 1;
            }
        }
        throw new AssertionError(needle);
    }
}
