package edu.tinynet.tunnel.limits;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.tinynet.tunnel.pki.CertificateBuilder;
import edu.tinynet.tunnel.pki.KeyMaterial;
import edu.tinynet.tunnel.service.HandshakeInfo;
import edu.tinynet.tunnel.service.Tunnel;
import edu.tinynet.tunnel.service.TunnelDaemon;
import edu.tinynet.tunnel.testing.EchoServer;
import edu.tinynet.tunnel.testing.InteropFiles;
import edu.tinynet.tunnel.testing.RecordingTunnelListener;
import edu.tinynet.tunnel.testing.TunnelFixtures;
import edu.tinynet.tunnel.testing.TunnelProbe;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A tunnel run the way {@code tunnel run CONF} runs it ({@link TunnelDaemon}, real {@code ServiceTls}
 * from PEM files, stunnel log captured in memory): a server-mode service [svc] in front of an echo
 * server, reached through an in-process client-mode tunnel that records which certificate the
 * server presented. {@link #CONF} is the configuration; {@link #reload} rewrites it and reloads.
 */
final class DaemonFixture implements AutoCloseable {

    /** Subject of the certificate the tunnel starts with. */
    static final String OLD_SUBJECT = "CN=localhost,O=tinynet.edu";

    final Path dir;
    final Path conf;
    final InteropFiles files;
    final EchoServer echo;
    final TunnelDaemon daemon;
    final Tunnel client;
    final RecordingTunnelListener clientEvents = new RecordingTunnelListener();
    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();

    private DaemonFixture(Path dir, Path cert) throws Exception {
        this.dir = dir;
        this.conf = dir.resolve("tunnel.conf");
        this.files = InteropFiles.write(TunnelFixtures.pki(), dir);
        this.echo = EchoServer.echo();
        Files.writeString(conf, config(cert != null ? cert : files.server(), ""));
        PrintStream err = new PrintStream(logBytes, true, StandardCharsets.UTF_8);
        this.daemon = TunnelDaemon.start(new TunnelDaemon.Settings(conf, false, 0, Duration.ofSeconds(1), err, null));
        this.client = TunnelFixtures.start(TunnelFixtures.client("c", daemon.tunnel().boundAddress("svc")),
                TunnelFixtures.pki().clientTls(), clientEvents);
    }

    static DaemonFixture start(Path dir) throws Exception {
        return new DaemonFixture(dir, null);
    }

    /** Starts with {@code cert} (written beforehand, e.g. with {@link #serverCert}) instead of the fixture's. */
    static DaemonFixture start(Path dir, Path cert) throws Exception {
        return new DaemonFixture(dir, cert);
    }

    /** The configuration text: [svc] with {@code cert} and extra service lines. */
    String config(Path cert, String extraServiceLines) {
        return "foreground = yes\ndebug = 5\n\n[svc]\naccept = 127.0.0.1:0\nconnect = 127.0.0.1:" + echo.port()
                + "\ncert = " + cert + "\n" + extraServiceLines;
    }

    /** A second valid server certificate (same CA, same names), written to {@code name}. */
    Path newServerCert(String name, String subject) throws Exception {
        return serverCert(dir.resolve(name), CertificateBuilder.server(subject));
    }

    /** Finishes {@code b} as a server certificate of the fixture CA (names localhost, 127.0.0.1) and writes it. */
    static Path serverCert(Path file, CertificateBuilder b) throws Exception {
        KeyMaterial m = b.dns("localhost").ip("127.0.0.1").issuedBy(TunnelFixtures.pki().ca()).build();
        return InteropFiles.writeCombined(m, file);
    }

    /** Rewrites the configuration file and reloads as SIGHUP does; true when it took effect. */
    boolean reload(String text) throws IOException {
        Files.writeString(conf, text);
        return daemon.reload();
    }

    /** Everything logged so far. */
    String log() {
        synchronized (logBytes) {
            return logBytes.toString(StandardCharsets.UTF_8);
        }
    }

    /** Opens a connection through both tunnels. */
    TunnelProbe connect() throws IOException {
        return TunnelProbe.connect(client.boundAddress("c"), Duration.ofSeconds(10));
    }

    static void echoes(TunnelProbe p, String text) throws IOException {
        p.write(text.getBytes(StandardCharsets.UTF_8));
        assertArrayEquals(text.getBytes(StandardCharsets.UTF_8), p.readExactly(text.length()));
    }

    /** A new connection relays; returns the subject of the certificate the tunnel presented to it. */
    String newConnectionEchoes(String text) throws Exception {
        int before = clientEvents.ofType("handshakeCompleted").size();
        try (TunnelProbe p = connect()) {
            echoes(p, text);
        }
        assertTrue(clientEvents.ofType("handshakeCompleted").size() > before, "handshake recorded");
        var events = clientEvents.ofType("handshakeCompleted");
        return ((HandshakeInfo) events.get(events.size() - 1).detail()).peerSubject();
    }

    @Override
    public void close() throws IOException {
        client.close();
        daemon.close();
        echo.close();
    }
}
