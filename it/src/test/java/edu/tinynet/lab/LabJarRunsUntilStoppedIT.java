package edu.tinynet.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar target/tinynet-lab.jar} as users run it: it prints the table and the commands,
 * writes the status file scripts drive it with, serves, and on SIGTERM stops cleanly with the tap
 * summary. A busy port stops it at start with exit code 1 and the component's name.
 */
@Tag("integration")
class LabJarRunsUntilStoppedIT {

    @TempDir
    Path work;

    private static final Path JAR = Path.of("target", "tinynet-lab.jar");

    private Process start(Path out, String... args) throws IOException {
        assertTrue(Files.isRegularFile(JAR), JAR.toAbsolutePath() + " is missing: it is built in the package phase");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> awaitStatus(Path file, String state, Process p, Path out) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (Files.exists(file)) {
                Map<String, Object> m = (Map<String, Object>) MiniJson.parse(Files.readString(file));
                if (state.equals(m.get("state"))) {
                    return m;
                }
            }
            if (!p.isAlive() && !"stopped".equals(state)) {
                throw new AssertionError("the lab exited with " + p.exitValue() + ":\n" + Files.readString(out));
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no status \"" + state + "\" in " + file + " after 90 s:\n" + Files.readString(out));
    }

    @Test
    @SuppressWarnings("unchecked")
    void labServesPrintsCommandsAndStopsCleanlyOnSigterm() throws Exception {
        Path out = work.resolve("out.txt");
        Path status = work.resolve("status.json");
        Process p = start(out, "--work", work.resolve("lab").toString(), "--free-ports", "--tap",
                "--status-file", status.toString());
        try {
            Map<String, Object> s = awaitStatus(status, "running", p, out);
            assertEquals("tls", s.get("mode"));
            assertEquals(4, ((List<Object>) s.get("hosts")).size());
            Map<String, Object> demo = (Map<String, Object>) s.get("demoUser");
            assertEquals(Lab.DEMO_USER.dn(), demo.get("dn"));
            assertEquals(Lab.DEMO_USER.email(), demo.get("mail"));
            assertEquals(Lab.DEMO_USER.password(), demo.get("password"));
            Map<String, Object> ldap = (Map<String, Object>) ((Map<String, Object>) s.get("clients")).get("ldap");
            assertEquals("127.0.0.1", ldap.get("host"));

            String printed = Files.readString(out);
            assertTrue(printed.contains("HOST") && printed.contains("FORWARDS TO"), printed);
            List<Object> commands = (List<Object>) s.get("commands");
            String ldapsearch = (String) commands.get(0);
            assertTrue(printed.contains(ldapsearch + "\n"), "the status file's command is the printed one");
            assertTrue(ldapsearch.contains("ldap://127.0.0.1:" + ldap.get("port")), ldapsearch);
            Shell.Result r = Shell.run(ldapsearch);
            assertEquals(0, r.exit(), r.output());
            assertTrue(r.output().contains("cn: Bob Builder"), r.output());
        } finally {
            p.destroy(); // SIGTERM
        }
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "still running 60 s after SIGTERM");
        assertEquals(143, p.exitValue(), Files.readString(out));
        String printed = Files.readString(out);
        assertTrue(printed.contains("--- tap summary (at exit) ---"), printed);
        assertTrue(printed.contains("tap webserver->ldaphost: 1 connection(s)"), printed);
        assertTrue(printed.contains("[every byte is well-formed TLS]"), printed);
        assertTrue(printed.strip().endsWith("TinyNet lab stopped."), printed);
        Map<String, Object> s = awaitStatus(status, "stopped", p, out);
        List<Object> taps = (List<Object>) s.get("taps");
        assertEquals(4, taps.size());
        Map<String, Object> ldapHop = (Map<String, Object>) taps.get(0);
        assertEquals("webserver->ldaphost", ldapHop.get("hop"));
        assertEquals(Boolean.TRUE, ldapHop.get("allTls"));
        assertEquals(List.of(), ldapHop.get("secretsSeen"));
        // every server port is closed again
        for (Object o : (List<Object>) s.get("services")) {
            String listen = (String) ((Map<String, Object>) o).get("listen");
            int colon = listen.lastIndexOf(':');
            try (ServerSocket probe = new ServerSocket()) {
                probe.bind(new java.net.InetSocketAddress(InetAddress.getByName(listen.substring(0, colon)),
                        Integer.parseInt(listen.substring(colon + 1))));
            }
        }
    }

    @Test
    void busyPortEndsTheStartWithTheComponentsName() throws Exception {
        try (ServerSocket squatter = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int offset = squatter.getLocalPort() - LabEndpoint.WEB_LDAP.seedPort();
            org.junit.jupiter.api.Assumptions.assumeTrue(offset + 8000 <= 65535, "port too high for an offset");
            Path out = work.resolve("busy.txt");
            Process p = start(out, "--work", work.resolve("lab").toString(), "--port-offset", Integer.toString(offset));
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            String printed = Files.readString(out, StandardCharsets.UTF_8);
            assertEquals(1, p.exitValue(), printed);
            assertTrue(printed.contains("tinynet-lab: WebServer tunnel, LDAP client side: port " + squatter.getLocalPort()
                    + " on 127.0.0.1 is in use"), printed);
        }
    }
}
