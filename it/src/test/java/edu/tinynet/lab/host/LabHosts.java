package edu.tinynet.lab.host;

import edu.tinynet.tunnel.pki.KeyType;
import edu.tinynet.tunnel.pki.TinyNetLab;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/** Runs lab hosts in the test JVM, on shifted ports, with the lab PKI in a temporary directory. */
final class LabHosts {

    static final String RELAY_PASSWORD = "unit-test-relay-pw";

    /** What a host logged. */
    static final class Log {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8);

        String text() {
            synchronized (bytes) {
                return bytes.toString(StandardCharsets.UTF_8);
            }
        }
    }

    private LabHosts() {
    }

    static Path pki(Path dir) throws Exception {
        Path pki = dir.resolve("pki");
        TinyNetLab.write(pki, KeyType.DEFAULT, false);
        return pki;
    }

    static LabHost start(Role role, Path overlay, Path pki, Path runDir, int offset, Log log) throws Exception {
        return LabHost.start(new LabHost.Settings(role, LabFiles.seed(role), overlay, pki, runDir, offset,
                Duration.ofSeconds(1), log.stream, Map.of(LabHost.RELAY_PASSWORD_ENV, RELAY_PASSWORD)));
    }

    /** An offset that makes every one of {@code ports} free on this machine (all addresses). */
    static int freeOffset(int... ports) throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int offset = 20000 + ThreadLocalRandom.current().nextInt(30000);
            boolean free = true;
            for (int p : ports) {
                free &= isFree(p + offset);
            }
            if (free) {
                return offset;
            }
        }
        throw new IOException("no free port offset found");
    }

    private static boolean isFree(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static InetAddress loopback() {
        return InetAddress.getLoopbackAddress();
    }
}
