package edu.tinynet.tunnel.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's stunnel4 in the foreground with one service, for interop tests. The service section is
 * given as text; {@code accept} is added (a free loopback port, see {@link #port()}).
 */
public final class StunnelProcess implements AutoCloseable {

    private final ExternalTool tool;
    private final int port;

    private StunnelProcess(ExternalTool tool, int port) {
        this.tool = tool;
        this.port = port;
    }

    /** The stunnel binary, or a skipped test when it is not installed (scripts/install-deps.sh installs it). */
    public static Path binary() {
        Optional<Path> p = ExternalTool.find("stunnel4", "stunnel");
        Assumptions.assumeTrue(p.isPresent(), "stunnel4 is not installed (scripts/install-deps.sh)");
        return p.get();
    }

    /**
     * Starts stunnel with {@code [service]} holding {@code serviceLines} and waits until it listens.
     *
     * @param dir          working directory (the config goes there)
     * @param serviceLines e.g. {@code "connect = 127.0.0.1:1234\ncert = server.pem"}
     */
    public static StunnelProcess start(Path dir, String serviceLines) throws Exception {
        Path bin = binary();
        int port = ExternalTool.freePort();
        Path conf = dir.resolve("stunnel.conf");
        Files.writeString(conf, "foreground = yes\npid =\ndebug = 6\n\n[service]\naccept = 127.0.0.1:" + port + "\n"
                + serviceLines + "\n");
        ExternalTool t = ExternalTool.start(dir, List.of(bin.toString(), conf.toString()));
        StunnelProcess s = new StunnelProcess(t, port);
        try {
            if (!t.awaitOutput("Configuration successful", Duration.ofSeconds(10))) {
                throw new AssertionError("stunnel did not start:\n" + t.output());
            }
            ExternalTool.awaitListening(port, Duration.ofSeconds(10));
        } catch (Exception | AssertionError e) {
            t.close();
            throw e;
        }
        return s;
    }

    public int port() {
        return port;
    }

    /** stunnel's log so far. */
    public String log() {
        return tool.output();
    }

    public boolean awaitLog(String needle, Duration within) throws InterruptedException {
        return tool.awaitOutput(needle, within);
    }

    @Override
    public void close() {
        tool.close();
    }
}
