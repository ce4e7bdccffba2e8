package edu.tinynet.tunnel.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code sslVersionMin = TLSv1.1} really does on Java 17: refused by the JVM's
 * {@code jdk.tls.disabledAlgorithms} unless the operator overrides that security property for the
 * process ({@code -Djava.security.properties=FILE}); the tunnel never changes it itself. Each case
 * runs the server in its own JVM, since the property is read once per process.
 */
class LegacyProtocolOverrideTest {

    @TempDir
    Path dir;

    private List<String> serveOneTls11Client(List<String> jvmOptions) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), LegacyServerMain.class.getName()));
        Process jvm = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            var out = new java.io.BufferedReader(new java.io.InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8));
            List<String> lines = new ArrayList<>();
            String line;
            int port = -1;
            while (port < 0 && (line = out.readLine()) != null) {
                lines.add(line);
                Matcher m = Pattern.compile("PORT (\\d+)").matcher(line);
                if (m.matches()) {
                    port = Integer.parseInt(m.group(1));
                }
            }
            assertTrue(port > 0, "server JVM did not start: " + lines);
            try (OpenSsl client = OpenSsl.client("-connect", "127.0.0.1:" + port, "-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0")) {
                client.closeInput();
                client.exit(Duration.ofSeconds(20));
            }
            while ((line = out.readLine()) != null) {
                lines.add(line);
            }
            return lines;
        } finally {
            if (!jvm.waitFor(20, TimeUnit.SECONDS)) {
                jvm.destroyForcibly();
            }
        }
    }

    @Test
    void tls11IsRefusedByTheJvmAndSaidSo() throws Exception {
        Assumptions.assumeTrue(OpenSsl.available());
        List<String> out = serveOneTls11Client(List.of());
        assertTrue(out.stream().anyMatch(l -> l.startsWith("WARN sslVersionMin = TLSv1.1: the JVM disables TLSv1.1")), out.toString());
        assertTrue(out.contains("PROTOCOLS [TLSv1.2, TLSv1.3]"), out.toString());
        assertTrue(out.contains("FAILED peer offered only TLSv1.1; minimum here is TLSv1.2 (sslVersionMin)"), out.toString());
    }

    @Test
    void tls11WorksOnlyWhenTheOperatorOverridesTheSecurityProperty() throws Exception {
        Assumptions.assumeTrue(OpenSsl.available());
        Path props = dir.resolve("java.security.override");
        Files.writeString(props, "jdk.tls.disabledAlgorithms=SSLv3, DTLSv1.0, RC4, DES, MD5withRSA, DH keySize < 1024, "
                + "EC keySize < 224, 3DES_EDE_CBC, anon, NULL, ECDH\n");
        List<String> out = serveOneTls11Client(List.of("-Djava.security.properties=" + props));
        assertTrue(out.contains("PROTOCOLS [TLSv1.1, TLSv1.2, TLSv1.3]"), out.toString());
        assertTrue(out.stream().anyMatch(l -> l.startsWith("WARN ciphers not set: TLSv1.1 enabled")), out.toString());
        assertEquals(List.of("HANDSHAKE TLSv1.1 TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA"),
                out.stream().filter(l -> l.startsWith("HANDSHAKE") || l.startsWith("FAILED")).toList());
    }
}
