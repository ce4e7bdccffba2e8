package edu.tinynet.tunnel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.tinynet.tunnel.pki.CertificateBuilder;
import edu.tinynet.tunnel.pki.KeyMaterial;
import edu.tinynet.tunnel.pki.OutputFiles;
import edu.tinynet.tunnel.pki.Pem;
import edu.tinynet.tunnel.pki.Pkcs12;
import edu.tinynet.tunnel.testing.TunnelCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each kind of bad input gets exactly one clear line on stderr (naming the file or option), a
 * non-zero exit code, and no output files: neither the requested ones nor temporary leftovers.
 */
class PkiBadInputTest {

    @TempDir
    static Path in;

    @BeforeAll
    static void inputs() throws Exception {
        KeyMaterial ca = CertificateBuilder.ca("CN=TinyNetCA,O=tinynet.edu").build();
        KeyMaterial other = CertificateBuilder.ca("CN=Other CA").build();
        KeyMaterial leaf = CertificateBuilder.server("CN=ldap.tinynet.edu").dns("ldap.tinynet.edu").issuedBy(ca).build();
        new OutputFiles()
                .addPublic(in.resolve("ca.pem"), Pem.certificates(ca.chain()))
                .addPrivate(in.resolve("ca-key.pem"), Pem.privateKey(ca.privateKey(), null))
                .addPublic(in.resolve("keyless/ca.pem"), Pem.certificates(ca.chain()))
                .addPrivate(in.resolve("other-key.pem"), Pem.privateKey(other.privateKey(), null))
                .addPublic(in.resolve("enc/ca.pem"), Pem.certificates(ca.chain()))
                .addPrivate(in.resolve("enc/ca-key.pem"), Pem.privateKey(ca.privateKey(), "secret".toCharArray()))
                .addPrivate(in.resolve("leaf.pem"), Pem.combined(leaf))
                .addPublic(in.resolve("corrupt.pem"), "-----BEGIN CERTIFICATE-----\nMIIB@@@@notbase64\n-----END CERTIFICATE-----\n")
                .addPublic(in.resolve("notes.txt"), "just some text\n")
                .addPrivate(in.resolve("leaf.p12"), Pkcs12.encode(leaf, "ldap", "right".toCharArray()))
                .commit(false);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                bad("malformed SAN", "malformed SAN \"DNS:bad_name\"",
                        "pki", "issue", "--ca", "{in}/ca.pem", "--san", "DNS:ok.test,DNS:bad_name", "--out", "{out}/a.pem"),
                bad("malformed IP SAN", "\"192.168.56\" is not an IP address literal",
                        "pki", "issue", "--ca", "{in}/ca.pem", "--san", "IP:192.168.56", "--out", "{out}/a.pem"),
                bad("missing CA key", "no CA private key: {in}/keyless/ca.pem holds only the certificate",
                        "pki", "issue", "--ca", "{in}/keyless/ca.pem", "--san", "DNS:a.test", "--out", "{out}/a.pem"),
                bad("wrong CA key", "{in}/other-key.pem: the private key does not belong to the CA certificate CN=TinyNetCA",
                        "pki", "issue", "--ca", "{in}/ca.pem", "--ca-key", "{in}/other-key.pem", "--san", "DNS:a.test",
                        "--out", "{out}/a.pem"),
                bad("corrupt PEM", "{in}/corrupt.pem: line 1 (CERTIFICATE): corrupt PEM",
                        "pki", "issue", "--ca", "{in}/corrupt.pem", "--san", "DNS:a.test", "--out", "{out}/a.pem"),
                bad("not PEM", "{in}/notes.txt: not a PEM file",
                        "pki", "issue", "--ca", "{in}/notes.txt", "--san", "DNS:a.test", "--out", "{out}/a.pem"),
                bad("encrypted key without password", "the private key is encrypted and no password was given (give --ca-password)",
                        "pki", "issue", "--ca", "{in}/enc/ca.pem", "--san", "DNS:a.test", "--out", "{out}/a.pem"),
                bad("encrypted key with wrong password", "{in}/enc/ca-key.pem: line 1 (ENCRYPTED PRIVATE KEY): cannot decrypt",
                        "pki", "issue", "--ca", "{in}/enc/ca.pem", "--ca-password", "pass:wrong", "--san", "DNS:a.test",
                        "--out", "{out}/a.pem"),
                bad("non-CA certificate as CA", "{in}/leaf.pem: CN=ldap.tinynet.edu is not a CA certificate",
                        "pki", "issue", "--ca", "{in}/leaf.pem", "--san", "DNS:a.test", "--out", "{out}/a.pem"),
                bad("missing CA file", "{in}/nope.pem: no such file",
                        "pki", "issue", "--ca", "{in}/nope.pem", "--san", "DNS:a.test", "--out", "{out}/a.pem"),
                bad("unknown key type", "--key-type dsa: unknown key type (use one of: ec, ec-p384, rsa2048, rsa3072, ed25519)",
                        "pki", "issue", "--ca", "{in}/ca.pem", "--san", "DNS:a.test", "--key-type", "dsa", "--out", "{out}/a.pem"),
                bad("malformed subject", "malformed subject \"CN=a,NOPE=b\"",
                        "pki", "issue", "--ca", "{in}/ca.pem", "--subject", "CN=a,NOPE=b", "--out", "{out}/a.pem"),
                bad("window upside down", "--not-after 2020-01-01 00:00:00 UTC is not after --not-before 2021-01-01 00:00:00 UTC",
                        "pki", "issue", "--ca", "{in}/ca.pem", "--san", "DNS:a.test", "--not-before", "2021-01-01",
                        "--not-after", "2020-01-01", "--out", "{out}/a.pem"),
                bad("bad time", "--not-after yesterday: not a time",
                        "pki", "issue", "--ca", "{in}/ca.pem", "--san", "DNS:a.test", "--not-after", "yesterday",
                        "--out", "{out}/a.pem"),
                bad("cert without key", "--cert needs --key",
                        "pki", "issue", "--ca", "{in}/ca.pem", "--san", "DNS:a.test", "--cert", "{out}/a.crt"),
                bad("same file twice", "named twice as an output file",
                        "pki", "issue", "--ca", "{in}/ca.pem", "--san", "DNS:a.test", "--cert", "{out}/a.pem",
                        "--key", "{out}/a.pem"),
                bad("server without any name", "a server certificate needs a --san",
                        "pki", "issue", "--ca", "{in}/ca.pem", "--subject", "O=tinynet.edu", "--out", "{out}/a.pem"),
                bad("p12 wrong password", "{in}/leaf.p12: wrong password for the PKCS#12 file",
                        "pki", "p12", "import", "--in", "{in}/leaf.p12", "--password", "wrong", "--out", "{out}/a.pem"),
                bad("p12 import of PEM", "{in}/leaf.pem: not a PKCS#12 file (it is PEM text)",
                        "pki", "p12", "import", "--in", "{in}/leaf.pem", "--password", "x", "--out", "{out}/a.pem"),
                bad("p12 export from corrupt PEM", "{in}/corrupt.pem: line 1 (CERTIFICATE): corrupt PEM",
                        "pki", "p12", "export", "--in", "{in}/corrupt.pem", "--password", "x", "--out", "{out}/a.p12"),
                bad("ca with malformed subject", "malformed subject \"CN=x,,\"",
                        "pki", "ca", "--subject", "CN=x,,", "--cert", "{out}/ca.pem"),
                bad("lab with unknown key type", "--key-type rsa1024: unknown key type",
                        "pki", "lab", "--out", "{out}/lab", "--key-type", "rsa1024"),
                bad("crl with wrong CA key", "{in}/other-key.pem: the private key does not belong",
                        "pki", "crl", "--ca", "{in}/ca.pem", "--ca-key", "{in}/other-key.pem", "--crl", "{out}/ca.crl"),
                bad("revoke with malformed serial", "--serial XYZ: not a hexadecimal serial number",
                        "pki", "revoke", "--ca", "{in}/ca.pem", "--serial", "XYZ", "--crl", "{out}/ca.crl"),
                bad("revoke with non-CA", "{in}/leaf.pem: CN=ldap.tinynet.edu is not a CA certificate",
                        "pki", "revoke", "--ca", "{in}/leaf.pem", "--serial", "01", "--crl", "{out}/ca.crl"),
                bad("verify with corrupt CA file", "{in}/corrupt.pem: line 1 (CERTIFICATE): corrupt PEM",
                        "pki", "verify", "--ca-file", "{in}/corrupt.pem", "{in}/leaf.pem"),
                bad("show corrupt file", "{in}/corrupt.pem: line 1 (CERTIFICATE): corrupt PEM",
                        "pki", "show", "{in}/corrupt.pem"));
    }

    private static Arguments bad(String name, String expected, String... args) {
        return Arguments.of(name, expected, args);
    }

    @TempDir
    Path out;

    private Map<String, String> snapshot(Path root) throws Exception {
        Map<String, String> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.toList()) {
                if (Files.isRegularFile(p)) {
                    m.put(root.relativize(p).toString(), Files.readString(p, java.nio.charset.StandardCharsets.ISO_8859_1));
                } else if (!p.equals(root)) {
                    m.put(root.relativize(p) + "/", "");
                }
            }
        }
        return m;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void oneClearLineNonZeroExitAndNoFiles(String name, String expected, String[] template) throws Exception {
        List<String> args = new ArrayList<>();
        for (String a : template) {
            args.add(a.replace("{in}", in.toString()).replace("{out}", out.toString()));
        }
        Map<String, String> inputsBefore = snapshot(in);
        TunnelCli.Result r = TunnelCli.run(args.toArray(new String[0]));
        assertTrue(r.exitCode() != 0, r.toString());
        List<String> lines = r.errLines();
        assertEquals(1, lines.size(), "expected one line on stderr: " + r);
        String line = lines.get(0);
        String subcommand = "tunnel " + String.join(" ", args.subList(0, args.get(1).equals("p12") ? 3 : 2)) + ": ";
        assertTrue(line.startsWith(subcommand), line);
        String want = expected.replace("{in}", in.toString()).replace("{out}", out.toString());
        assertTrue(line.contains(want), "\"" + want + "\" not in: " + line);
        assertTrue(!line.contains("Exception") && !line.contains("\tat "), line);
        assertEquals(Map.of(), snapshot(out), "files were written");
        assertEquals(inputsBefore, snapshot(in), "inputs were changed");
    }
}
