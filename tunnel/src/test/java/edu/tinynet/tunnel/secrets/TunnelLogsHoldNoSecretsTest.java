package edu.tinynet.tunnel.secrets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.tinynet.tunnel.pki.KeyMaterial;
import edu.tinynet.tunnel.pki.Pem;
import edu.tinynet.tunnel.testing.EchoServer;
import edu.tinynet.tunnel.testing.ExternalTool;
import edu.tinynet.tunnel.testing.InteropFiles;
import edu.tinynet.tunnel.testing.TunnelFixtures;
import edu.tinynet.tunnel.testing.TunnelProbe;
import edu.tinynet.tunnel.testing.TunnelRunProcess;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tunnel run} (its own JVM, {@code output = FILE} and {@code foreground = yes}) at debug level
 * notice, then info, then debug (switched by SIGHUP) goes each time through what an operator does: payload both ways through a client-mode
 * and a server-mode service, a handshake that fails on the host name check after the client already
 * sent data, plaintext sent to the TLS port, SIGUSR2 with a live connection, SIGUSR1, SIGHUP, and
 * three reloads that fail on the key line (an encrypted key, a key with a corrupted Base64 line, a
 * key that belongs to another certificate). Neither the log file nor stdout/stderr then holds a
 * payload marker, the encrypted key's password, the PEM label {@code PRIVATE KEY}, any 16-character
 * piece of the server key's PKCS#8 Base64 (or its hex, or its secret number), or any piece of the
 * encrypted key file. The tunnel never logs payload, at any level, debug included
 * ({@code LoggingTunnelListener}: "Payload is never logged"), so the markers are checked at every level.
 */
class TunnelLogsHoldNoSecretsTest {

    @TempDir
    Path dir;

    @Test
    void logsHoldNoPayloadKeyOrPassword() throws Exception {
        TunnelFixtures.Pki pki = TunnelFixtures.pki();
        InteropFiles files = InteropFiles.write(pki, dir);
        String password = "pw-" + UUID.randomUUID();
        String marker = "PAYLOAD-MARKER-" + UUID.randomUUID();
        String refusedMarker = "REFUSED-MARKER-" + UUID.randomUUID();
        String plaintextMarker = "PLAINTEXT-MARKER-" + UUID.randomUUID();

        // key files for the failing reloads
        Path serverCert = dir.resolve("server-cert.pem");
        Pem.writeCertificates(serverCert, pki.server().chain(), true);
        Path encryptedKey = dir.resolve("server-key-encrypted.pem");
        Pem.writePrivateKey(encryptedKey, pki.server().privateKey(), password.toCharArray(), true);
        Path corruptKey = dir.resolve("server-key-corrupt.pem");
        String keyPem = Pem.privateKey(pki.server().privateKey(), null);
        Files.writeString(corruptKey, corrupt(keyPem));
        Files.setPosixFilePermissions(corruptKey, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        Path otherKey = dir.resolve("other-key.pem");
        Pem.writePrivateKey(otherKey, pki.client().privateKey(), null, true);

        int tlsPort = ExternalTool.freePort();
        Path log = dir.resolve("tunnel.log");
        Path conf = dir.resolve("tunnel.conf");
        try (EchoServer echo = EchoServer.echo()) {
            String in = "[in]\nclient = yes\naccept = 127.0.0.1:0\nconnect = 127.0.0.1:" + tlsPort + "\nCAfile = "
                    + files.ca() + "\nverifyChain = yes\ncheckHost = localhost\n\n"
                    + "[wronghost]\nclient = yes\naccept = 127.0.0.1:0\nconnect = 127.0.0.1:" + tlsPort + "\nCAfile = "
                    + files.ca() + "\nverifyChain = yes\ncheckHost = elsewhere.example\n\n";
            String outHead = "[out]\naccept = 127.0.0.1:" + tlsPort + "\nconnect = 127.0.0.1:" + echo.port() + "\n";
            Files.writeString(conf, global(LEVELS.get(0), log, dir) + outHead + "cert = " + files.server() + "\n\n" + in);
            try (TunnelRunProcess t = TunnelRunProcess.start(dir, "tunnel", conf, log, List.of("-Xmx128m"))) {
                t.awaitStarted(Duration.ofSeconds(60));
                int failed = 0;
                int reloaded = 0;
                for (String level : LEVELS) {
                    String global = global(level, log, dir);
                    if (!level.equals(LEVELS.get(0))) {
                        Files.writeString(conf, global + outHead + "cert = " + files.server() + "\n\n" + in);
                        t.signal("HUP");
                        reloaded++;
                        assertTrue(awaitCount(t, "Configuration successful (" + conf + ")", reloaded), t.log());
                        assertTrue(t.log().contains("Global debug level is now " + LogLevelsNumber.of(level)), t.log());
                    }

                    // payload both ways, connection kept open over USR2 and USR1
                    byte[] payload = (marker + "\n" + marker + " binary:\u0001\u0002 " + marker)
                            .getBytes(StandardCharsets.UTF_8);
                    try (TunnelProbe live = TunnelProbe.connect(new InetSocketAddress("127.0.0.1", t.boundPort("in")))) {
                        live.write(payload);
                        assertArrayEquals(payload, live.readExactly(payload.length));
                        assertTrue(t.activeConnections(Duration.ofSeconds(10)) >= 1, t.log());
                        t.signal("USR1");
                        assertTrue(awaitCount(t, "Log file reopened", LEVELS.indexOf(level) + 1), t.log());
                    }

                    // the client sends data, then the handshake fails on the host name
                    try (TunnelProbe refused = TunnelProbe.connect(new InetSocketAddress("127.0.0.1",
                            t.boundPort("wronghost")), Duration.ofSeconds(10))) {
                        refused.write(refusedMarker.getBytes(StandardCharsets.UTF_8));
                        refused.awaitEnd(Duration.ofSeconds(10));
                    }
                    assertTrue(awaitCount(t, "TLS handshake failed", LEVELS.indexOf(level) + 1), t.log());

                    // plaintext on the TLS port
                    try (TunnelProbe plain = TunnelProbe.connect(new InetSocketAddress("127.0.0.1", tlsPort),
                            Duration.ofSeconds(10))) {
                        plain.write(("GET /" + plaintextMarker + " HTTP/1.1\r\nHost: " + plaintextMarker + "\r\n\r\n")
                                .getBytes(StandardCharsets.US_ASCII));
                        plain.awaitEnd(Duration.ofSeconds(10));
                    }

                    // three reloads that fail on the key line
                    for (Path key : List.of(encryptedKey, corruptKey, otherKey)) {
                        Files.writeString(conf, global + outHead + "cert = " + serverCert + "\nkey = " + key + "\n\n" + in);
                        t.signal("HUP");
                        failed++;
                        assertTrue(awaitCount(t, "Reloading " + conf + " failed", failed), t.log());
                        assertTrue(t.log().contains(key.toString()), "the failure names " + key + ":\n" + t.log());
                    }
                    assertTrue(t.log().contains("the private key is encrypted"), t.log());
                }
                assertTrue(t.log().contains("LOG7["), "debug lines were written: " + t.log());

                assertEquals(0, t.stop(Duration.ofSeconds(30)), t.console());
                String logText = Files.readString(log);
                String console = t.console();

                Secrets secrets = new Secrets().pemLabel()
                        .key("server key", pki.server().privateKey())
                        .pemBody("encrypted key file", Files.readString(encryptedKey))
                        .text("password", password)
                        .text("payload marker", marker)
                        .text("payload sent before a failed handshake", refusedMarker)
                        .text("plaintext sent to the TLS port", plaintextMarker);
                // the scanner finds what it looks for
                assertTrue(secrets.findIn("server.pem", Files.readString(files.server())).size() >= 2);
                assertTrue(secrets.findIn("key file", Files.readString(encryptedKey)).size() >= 2);
                assertEquals(1, secrets.findIn("echo", marker).size());

                List<String> found = new ArrayList<>(secrets.findIn("log file", logText));
                found.addAll(secrets.findIn("stdout/stderr", console));
                assertTrue(found.isEmpty(), "secrets in the output:\n" + String.join("\n", found));
                System.out.println("secrets: none in " + logText.lines().count() + " log lines at " + LEVELS + " ("
                        + console.lines().count() + " on stdout/stderr)");
            }
        }
    }

    private static final List<String> LEVELS = List.of("notice", "info", "debug");

    private static String global(String level, Path log, Path dir) {
        return "foreground = yes\ndebug = " + level + "\noutput = " + log + "\npid = " + dir.resolve("pid") + "\n\n";
    }

    /** The number of a level name. */
    private static final class LogLevelsNumber {
        static int of(String name) {
            return switch (name) {
                case "notice" -> 5;
                case "info" -> 6;
                case "debug" -> 7;
                default -> throw new IllegalArgumentException(name);
            };
        }
    }

    /** The PEM with one Base64 character in the middle of the body changed. */
    static String corrupt(String pem) {
        String[] lines = pem.split("\n");
        int mid = lines.length / 2;
        char[] c = lines[mid].toCharArray();
        c[c.length / 2] = c[c.length / 2] == '*' ? '#' : '*';
        lines[mid] = new String(c);
        return String.join("\n", lines) + "\n";
    }

    private static boolean awaitCount(TunnelRunProcess t, String needle, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            String log = t.log();
            int n = 0;
            for (int i = log.indexOf(needle); i >= 0; i = log.indexOf(needle, i + 1)) {
                n++;
            }
            if (n >= count) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }
}
