package edu.tinynet.tunnel.secrets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.tinynet.tunnel.testing.EchoServer;
import edu.tinynet.tunnel.testing.ExternalTool;
import edu.tinynet.tunnel.testing.InteropFiles;
import edu.tinynet.tunnel.testing.TunnelFixtures;
import edu.tinynet.tunnel.testing.TunnelProbe;
import edu.tinynet.tunnel.testing.TunnelRunProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tunnel run} (its own JVM) enforces the key-file permissions: a {@code cert =} PEM holding
 * the key with mode 0640 stops the start (exit 1) with the file, its mode and {@code chmod 600 FILE};
 * once it is 0600 the tunnel starts, and when the file becomes 0644 while it runs, SIGHUP is refused
 * the same way and the running service keeps relaying. (There is no override in the configuration,
 * as in stunnel; the {@code pki} commands' {@code --allow-insecure-key-file} is covered by
 * {@code PkiInsecureKeyFileTest}.)
 */
class RunRefusesGroupReadableKeyFileTest {

    @TempDir
    Path dir;

    @Test
    void groupReadableKeyFileStopsStartAndReload() throws Exception {
        InteropFiles files = InteropFiles.write(TunnelFixtures.pki(), dir);
        Path pem = files.server();
        Path conf = dir.resolve("tunnel.conf");
        try (EchoServer echo = EchoServer.echo()) {
            int tlsPort = ExternalTool.freePort();
            Files.writeString(conf, "foreground = yes\n\n[tls]\naccept = 127.0.0.1:" + tlsPort + "\nconnect = 127.0.0.1:"
                    + echo.port() + "\ncert = " + pem + "\n\n[plain]\nclient = yes\naccept = 127.0.0.1:0\nconnect = 127.0.0.1:"
                    + tlsPort + "\nCAfile = " + files.ca() + "\nverifyChain = yes\ncheckHost = localhost\n");
            Files.setPosixFilePermissions(pem, PosixFilePermissions.fromString("rw-r-----"));
            try (TunnelRunProcess refused = TunnelRunProcess.start(dir, "refused", conf, null, List.of("-Xmx64m"))) {
                assertEquals(1, refused.waitFor(Duration.ofSeconds(60)), refused.console());
                String out = refused.console();
                assertTrue(out.contains("Service [tls]: cert = " + pem + ": insecure file permissions: mode 0640 lets other "
                        + "accounts read the private key"), out);
                assertTrue(out.contains("Fix: chmod 600 " + pem), out);
                assertTrue(out.contains("Configuration failed"), out);
            }

            Files.setPosixFilePermissions(pem, PosixFilePermissions.fromString("rw-------"));
            try (TunnelRunProcess t = TunnelRunProcess.start(dir, "tunnel", conf, null, List.of("-Xmx64m"))) {
                t.awaitStarted(Duration.ofSeconds(60));
                Files.setPosixFilePermissions(pem, PosixFilePermissions.fromString("rw-r--r--"));
                t.signal("HUP");
                assertTrue(t.awaitLog("Keeping the previous configuration", Duration.ofSeconds(20)), t.console());
                String out = t.console();
                assertTrue(out.contains("Reloading " + conf + " failed: Service [tls]: cert = " + pem
                        + ": insecure file permissions: mode 0644"), out);
                assertTrue(out.contains("Fix: chmod 600 " + pem), out);
                try (TunnelProbe p = TunnelProbe.connect(new java.net.InetSocketAddress("127.0.0.1", t.boundPort("plain")))) {
                    p.write("still running".getBytes());
                    assertArrayEquals("still running".getBytes(), p.readExactly(13));
                }
                assertEquals(0, t.stop(Duration.ofSeconds(30)), t.console());
            }
        }
    }
}
