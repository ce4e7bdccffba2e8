package edu.tinynet.tunnel.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.tinynet.tunnel.pki.Pem;
import edu.tinynet.tunnel.testing.TunnelCli;
import edu.tinynet.tunnel.testing.TunnelFixtures;
import edu.tinynet.tunnel.testing.TunnelRunProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bad {@code key =} file is refused with its name and what is wrong, never with its content:
 * {@code tunnel check} on four services (an encrypted key, a corrupted Base64 line, another
 * certificate's key, a valid key followed by a broken second block) and {@code tunnel run} (its own
 * JVM, {@code debug = debug}, so stack traces are on) with the encrypted key both exit 1, and neither
 * their output nor the run's log holds a PEM private-key header, a 16-character piece of either
 * key's PKCS#8 Base64 (or hex, or secret number), a piece of the key files, or the password.
 */
class BadKeyFileIsRefusedWithoutEchoingItTest {

    @TempDir
    Path dir;

    @Test
    void badKeyFilesAreNamedNotShown() throws Exception {
        TunnelFixtures.Pki pki = TunnelFixtures.pki();
        Path cert = dir.resolve("cert.pem");
        Pem.writeCertificates(cert, pki.server().chain(), true);
        String password = "pw-" + UUID.randomUUID();
        String plainKey = Pem.privateKey(pki.server().privateKey(), null);

        Map<String, Path> keys = new LinkedHashMap<>();
        keys.put("encrypted", dir.resolve("encrypted.pem"));
        Pem.writePrivateKey(keys.get("encrypted"), pki.server().privateKey(), password.toCharArray(), true);
        keys.put("corrupt", dir.resolve("corrupt.pem"));
        Files.writeString(keys.get("corrupt"), TunnelLogsHoldNoSecretsTest.corrupt(plainKey));
        keys.put("other", dir.resolve("other.pem"));
        Pem.writePrivateKey(keys.get("other"), pki.client().privateKey(), null, true);
        keys.put("trailing", dir.resolve("trailing.pem"));
        Files.writeString(keys.get("trailing"), plainKey + "-----BEGIN PRIVATE KEY-----\n"
                + plainKey.lines().filter(l -> !l.startsWith("-----")).findFirst().orElseThrow() + "\n");

        Secrets secrets = new Secrets().pemLabel().key("server key", pki.server().privateKey())
                .key("client key", pki.client().privateKey()).text("password", password);
        StringBuilder services = new StringBuilder();
        for (Map.Entry<String, Path> k : keys.entrySet()) {
            Files.setPosixFilePermissions(k.getValue(), PosixFilePermissions.fromString("rw-------"));
            secrets.pemBody(k.getKey() + " key file", Files.readString(k.getValue()));
            services.append("[").append(k.getKey()).append("]\naccept = 127.0.0.1:0\nconnect = 127.0.0.1:9\ncert = ")
                    .append(cert).append("\nkey = ").append(k.getValue()).append("\n\n");
        }

        // tunnel check: every service's error
        Path all = dir.resolve("all.conf");
        Files.writeString(all, services.toString());
        TunnelCli.Result check = TunnelCli.run("check", all.toString());
        assertEquals(1, check.exitCode(), check.toString());
        String checkOut = check.out() + check.err();
        for (Path k : keys.values()) {
            assertTrue(checkOut.contains("key = " + k + ": "), "names " + k + ":\n" + checkOut);
        }
        assertTrue(checkOut.contains("the private key is encrypted"), checkOut);
        assertTrue(checkOut.contains("corrupt PEM"), checkOut);
        assertTrue(checkOut.contains("does not belong to the certificate"), checkOut);
        List<String> found = new ArrayList<>(secrets.findIn("tunnel check", checkOut));

        // tunnel run: refuses to start
        Path log = dir.resolve("tunnel.log");
        Path conf = dir.resolve("run.conf");
        Files.writeString(conf, "foreground = yes\ndebug = debug\noutput = " + log + "\n\n[out]\naccept = 127.0.0.1:0\n"
                + "connect = 127.0.0.1:9\ncert = " + cert + "\nkey = " + keys.get("encrypted") + "\n");
        try (TunnelRunProcess t = TunnelRunProcess.start(dir, "tunnel", conf, null, List.of("-Xmx64m"))) {
            assertEquals(1, t.waitFor(Duration.ofSeconds(60)), t.console());
            String console = t.console();
            assertTrue(console.contains("key = " + keys.get("encrypted") + ": the private key is encrypted"), console);
            assertTrue(console.contains("Configuration failed"), console);
            found.addAll(secrets.findIn("tunnel run stdout/stderr", console));
            found.addAll(secrets.findIn("tunnel run log", Files.exists(log) ? Files.readString(log) : ""));
        }
        assertTrue(found.isEmpty(), "key material in the output:\n" + String.join("\n", found));
    }
}
