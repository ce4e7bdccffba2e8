package edu.tinynet.tunnel.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.tinynet.tunnel.service.Tunnel;
import edu.tinynet.tunnel.testing.EchoServer;
import edu.tinynet.tunnel.testing.ExternalTool;
import edu.tinynet.tunnel.testing.InteropFiles;
import edu.tinynet.tunnel.testing.RecordingTunnelListener;
import edu.tinynet.tunnel.testing.TunnelFixtures;
import edu.tinynet.tunnel.testing.TunnelProbe;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tunnel run CONF} in its own JVM, driven by real signals: it logs in stunnel's format and
 * writes its pid file; USR2 lists the active connection; HUP with an added service reloads without
 * dropping the live connection; HUP with a broken certificate keeps the running configuration and
 * names the file; TERM stops it with exit code 0 and removes the pid file.
 */
class RunCommandHandlesSignalsTest {

    private static final Pattern BOUND = Pattern.compile("LOG5\\[ui\\]: Service \\[(\\w+)\\] bound to 127\\.0\\.0\\.1:(\\d+)");

    @TempDir
    Path dir;

    @Test
    void runsReloadsListsAndStopsOnSignals() throws Exception {
        TunnelFixtures.Pki pki = TunnelFixtures.pki();
        InteropFiles files = InteropFiles.write(pki, dir);
        Path pid = dir.resolve("tunnel.pid");
        Path conf = dir.resolve("tunnel.conf");
        try (EchoServer echo = EchoServer.echo()) {
            String base = "foreground = yes\npid = " + pid + "\ndebug = 6\n\n[echo]\naccept = 127.0.0.1:0\nconnect = "
                    + echo.address().getHostString() + ":" + echo.port() + "\ncert = " + files.server() + "\n";
            Files.writeString(conf, base);
            String java = ProcessHandle.current().info().command().orElse("java");
            try (ExternalTool tunnel = ExternalTool.start(dir, List.of(java, "-cp", System.getProperty("java.class.path"),
                    TunnelMain.class.getName(), "run", conf.toString()))) {
                assertTrue(tunnel.awaitOutput("LOG5[ui]: Configuration successful", Duration.ofSeconds(30)),
                        tunnel.output());
                assertTrue(Files.exists(pid), "pid file written");
                long childPid = Long.parseLong(Files.readString(pid).trim());
                int port = boundPort(tunnel.output(), "echo");

                try (Tunnel client = TunnelFixtures.start(TunnelFixtures.client("c", new InetSocketAddress("127.0.0.1", port)),
                        pki.clientTls(), new RecordingTunnelListener());
                        TunnelProbe live = TunnelProbe.connect(client.boundAddress("c"))) {
                    echo(live, "hello");
                    assertTrue(tunnel.awaitOutput("] accepted connection from 127.0.0.1:", Duration.ofSeconds(5)));

                    signal("USR2", childPid);
                    assertTrue(tunnel.awaitOutput("LOG5[ui]: Listed 1 active connection(s)", Duration.ofSeconds(10)),
                            tunnel.output());
                    assertTrue(tunnel.output().contains("LOG5[ui]: Active connection 1: Service [echo], "
                            + "5 byte(s) sent to TLS, 5 byte(s) sent to socket"), tunnel.output());

                    Files.writeString(conf, base + "\n[second]\naccept = 127.0.0.1:0\nconnect = 127.0.0.1:"
                            + echo.port() + "\ncert = " + files.server() + "\n");
                    signal("HUP", childPid);
                    assertTrue(tunnel.awaitOutput("Service [second] bound to", Duration.ofSeconds(10)), tunnel.output());
                    echo(live, "still here");

                    Path missing = dir.resolve("missing.pem");
                    Files.writeString(conf, base.replace(files.server().toString(), missing.toString()));
                    signal("HUP", childPid);
                    assertTrue(tunnel.awaitOutput("failed", Duration.ofSeconds(10)), tunnel.output());
                    String out = tunnel.output();
                    assertTrue(out.contains(missing.toString()), out);
                    assertTrue(out.contains("Reloading " + conf + " failed"), out);
                    echo(live, "and still");
                    assertFalse(out.contains("Service [second] stopped"), "the failed reload changed nothing");
                }

                signal("TERM", childPid);
                assertEquals(0, tunnel.waitFor(Duration.ofSeconds(20)), tunnel.output());
                assertTrue(tunnel.output().contains("LOG5[ui]: Received signal 15; terminating"), tunnel.output());
                assertFalse(Files.exists(pid), "pid file removed");
            }
        }
    }

    private static int boundPort(String output, String service) {
        Matcher m = BOUND.matcher(output);
        while (m.find()) {
            if (m.group(1).equals(service)) {
                return Integer.parseInt(m.group(2));
            }
        }
        throw new AssertionError("no bound line for " + service + ":\n" + output);
    }

    private static void echo(TunnelProbe p, String text) throws Exception {
        p.write(text.getBytes());
        assertArrayEquals(text.getBytes(), p.readExactly(text.length()));
    }

    private static void signal(String name, long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).inheritIO().start();
        assertEquals(0, kill.waitFor());
    }
}
