package edu.tinynet.tunnel.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.tinynet.tunnel.testing.ExternalTool;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * testssl.sh (Debian's {@code testssl.sh} package), an independent judge, scans a {@code client = no}
 * service with the product's default settings: protocols, cipher categories, forward secrecy,
 * server defaults (certificate) and vulnerabilities. Any finding of severity MEDIUM or higher fails
 * the test (one certificate finding is excluded, see {@link #EXCLUDED}); TLS 1.0 and 1.1 (and SSL)
 * must be off, forward secrecy offered, no RSA key transport.
 *
 * <p>The certificate comes from the test's own CA; it is handed to testssl with {@code --add-ca},
 * so the chain-of-trust check runs for real rather than being excluded. Set
 * {@code -Dtestssl.keep=DIR} to keep the CSV and text output.
 */
@Tag("external")
class TestsslFindsNothingAboveLowTest {

    private static final Set<String> FAILING = Set.of("MEDIUM", "HIGH", "CRITICAL");

    /**
     * Findings about the test certificate rather than the tunnel, excluded explicitly:
     * {@code cert_revocation} (HIGH, "Neither CRL nor OCSP URI provided") because the lab CA's
     * leaf has no CRL distribution point or OCSP URI; the tunnel serves whatever certificate it is
     * given.
     */
    private static final Set<String> EXCLUDED = Set.of("cert_revocation");
    private static final Pattern CSV = Pattern.compile("\"((?:[^\"]|\"\")*)\"");

    @TempDir
    Path dir;

    /** One CSV row of testssl's output. */
    record Finding(String id, String severity, String finding) {
        @Override
        public String toString() {
            return severity + " " + id + ": " + finding;
        }
    }

    @Test
    void testsslFindsNothingOfMediumSeverityOrWorse() throws Exception {
        var testssl = ExternalTool.find("testssl", "testssl.sh");
        Assumptions.assumeTrue(testssl.isPresent(), "testssl.sh is not installed (scripts/install-deps.sh)");
        var openssl = ExternalTool.find("openssl");
        Assumptions.assumeTrue(openssl.isPresent(), "openssl is not installed");
        Path csv = dir.resolve("testssl.csv");
        Path text = dir.resolve("testssl.txt");
        List<Finding> findings;
        String output;
        try (HardenedServer server = HardenedServer.start(dir)) {
            List<String> cmd = List.of(testssl.get().toString(), "--quiet", "--color", "0", "--warnings", "off",
                    "--nodns", "none", "--openssl", openssl.get().toString(), "--connect-timeout", "10",
                    "--openssl-timeout", "10", "--add-ca", server.pki.caFile().toString(),
                    "--protocols", "--std", "--fs", "--server-defaults", "--vulnerable",
                    "--csvfile", csv.toString(), "--logfile", text.toString(),
                    "127.0.0.1:" + server.port());
            try (ExternalTool tool = ExternalTool.start(dir, cmd)) {
                int rc = tool.waitFor(Duration.ofMinutes(4));
                output = tool.output();
                assertTrue(Files.exists(csv), () -> "testssl exited " + rc + " without a CSV:\n" + tool.output());
            }
            findings = read(csv);
            keep(csv, text);
            HostileInput.assertNoStackTrace(server.logText());
        }
        System.out.println(output);

        assertFalse(findings.isEmpty(), output);
        List<Finding> bad = findings.stream().filter(f -> FAILING.contains(f.severity()))
                .filter(f -> !EXCLUDED.contains(f.id())).toList();
        assertTrue(bad.isEmpty(), () -> "testssl findings of MEDIUM or worse:\n" + lines(bad) + "\n\n" + output);

        Map<String, String> byId = new LinkedHashMap<>();
        findings.forEach(f -> byId.putIfAbsent(f.id(), f.finding()));
        for (String p : List.of("SSLv2", "SSLv3", "TLS1", "TLS1_1")) {
            assertEquals("not offered", byId.get(p), () -> p + " should be off; all findings:\n" + lines(findings));
        }
        assertTrue(byId.getOrDefault("TLS1_2", "").startsWith("offered"), () -> lines(findings));
        assertTrue(byId.getOrDefault("TLS1_3", "").startsWith("offered"), () -> lines(findings));
        for (String weak : List.of("cipherlist_NULL", "cipherlist_aNULL", "cipherlist_EXPORT", "cipherlist_LOW",
                "cipherlist_3DES_IDEA")) {
            String f = byId.get(weak);
            assertTrue(f == null || f.startsWith("not offered"), () -> weak + ": " + f);
        }
        // forward secrecy: testssl 3.0 names it PFS, 3.1 FS; every offered suite is checked by
        // OnlyForwardSecretSuitesAreAcceptedTest with openssl, since testssl lists only the FS ones
        String fs = byId.getOrDefault("FS", byId.getOrDefault("PFS", ""));
        assertTrue(fs.startsWith("offered"), () -> "forward secrecy: " + fs + "\n" + lines(findings));
        assertTrue(byId.getOrDefault("ROBOT", "").contains("not"), () -> "RSA key transport? " + byId.get("ROBOT"));
    }

    private static List<Finding> read(Path csv) throws Exception {
        List<Finding> out = new ArrayList<>();
        for (String line : Files.readAllLines(csv, StandardCharsets.UTF_8)) {
            List<String> cols = new ArrayList<>();
            Matcher m = CSV.matcher(line);
            while (m.find()) {
                cols.add(m.group(1).replace("\"\"", "\""));
            }
            if (cols.size() >= 5 && !cols.get(0).equals("id")) {
                out.add(new Finding(cols.get(0), cols.get(3), cols.get(4)));
            }
        }
        return out;
    }

    private static void keep(Path... files) throws Exception {
        String to = System.getProperty("testssl.keep");
        if (to != null) {
            Path d = Path.of(to);
            Files.createDirectories(d);
            for (Path f : files) {
                if (Files.exists(f)) {
                    Files.copy(f, d.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static String lines(List<Finding> fs) {
        StringBuilder sb = new StringBuilder();
        fs.forEach(f -> sb.append(f).append('\n'));
        return sb.toString();
    }
}
