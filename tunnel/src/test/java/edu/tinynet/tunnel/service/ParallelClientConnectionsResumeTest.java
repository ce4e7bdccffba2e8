package edu.tinynet.tunnel.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import edu.tinynet.tunnel.config.ServiceConfig;
import edu.tinynet.tunnel.config.TlsSettings;
import edu.tinynet.tunnel.config.TlsVersion;
import edu.tinynet.tunnel.config.Verification;
import edu.tinynet.tunnel.pki.Pem;
import edu.tinynet.tunnel.testing.EchoServer;
import edu.tinynet.tunnel.testing.RecordingTunnelListener;
import edu.tinynet.tunnel.testing.TunnelFixtures;
import edu.tinynet.tunnel.testing.TunnelProbe;
import edu.tinynet.tunnel.tls.ServiceTls;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS 1.3 session tickets are single-use and JSSE (Java 17) keeps one per peer, so connections
 * opened together used to find the client cache empty and all but one made a full handshake. With
 * resumption slots, a second wave of N parallel connections resumes all N sessions the first wave
 * left behind.
 */
class ParallelClientConnectionsResumeTest {

    private static final int PARALLEL = 8;

    @TempDir
    Path dir;

    @Test
    void aSecondWaveOfParallelConnectionsResumesEverySession() throws Exception {
        TunnelFixtures.Pki pki = TunnelFixtures.pki();
        Path cert = dir.resolve("server.pem");
        Pem.writeCombined(cert, pki.server(), false);
        Path ca = dir.resolve("ca.pem");
        Pem.writeCertificates(ca, List.of(pki.ca().certificate()), false);
        RecordingTunnelListener events = new RecordingTunnelListener();
        try (EchoServer backend = EchoServer.echo();
                Tunnel server = TunnelFixtures.start(tls13(TunnelFixtures.server("s", backend.address()), cert, null),
                        ServiceTls.create(tls13(TunnelFixtures.server("s", backend.address()), cert, null), w -> { }),
                        events)) {
            ServiceConfig clientCfg = tls13(TunnelFixtures.client("c", server.boundAddress("s")), null, ca);
            try (Tunnel client = TunnelFixtures.start(clientCfg, ServiceTls.create(clientCfg, w -> { }), events)) {
                for (int wave = 1; wave <= 2; wave++) {
                    events.clear();
                    wave(client, wave);
                    // every connection of the wave is over on both tunnels: tickets stored, slots handed back
                    events.awaitClosed(2 * PARALLEL, Duration.ofSeconds(20));
                    List<RecordingTunnelListener.Event> hs = clientHandshakes(events);
                    assertEquals(PARALLEL, hs.size(), "client handshakes in wave " + wave);
                    long resumed = hs.stream().filter(e -> ((HandshakeInfo) e.detail()).resumed()).count();
                    assertEquals(wave == 1 ? 0 : PARALLEL, resumed, "resumed client handshakes in wave " + wave
                            + ": " + hs.stream().map(RecordingTunnelListener.Event::text).toList());
                }
            }
        }
    }

    /** PARALLEL connections open at once, each echoes a line, then all close. */
    private static void wave(Tunnel client, int wave) throws Exception {
        List<TunnelProbe> open = new ArrayList<>();
        try {
            for (int i = 0; i < PARALLEL; i++) {
                open.add(TunnelProbe.connect(client.boundAddress("c"), Duration.ofSeconds(20)));
            }
            for (int i = 0; i < PARALLEL; i++) {
                byte[] line = ("wave " + wave + " connection " + i + "\n").getBytes(StandardCharsets.US_ASCII);
                assertArrayEquals(line, open.get(i).write(line).readExactly(line.length));
            }
        } finally {
            for (TunnelProbe p : open) {
                p.socket().close();
            }
        }
    }

    private static List<RecordingTunnelListener.Event> clientHandshakes(RecordingTunnelListener events) {
        return events.ofType("handshakeCompleted").stream()
                .filter(e -> ((HandshakeInfo) e.detail()).clientSide()).toList();
    }

    private static ServiceConfig tls13(ServiceConfig s, Path cert, Path ca) {
        TlsSettings t = s.tls();
        return TunnelFixtures.withTls(s, new TlsSettings(cert, cert, ca, null, null,
                ca == null ? Verification.NONE : new Verification(true, false, false, false, List.of(), List.of(),
                        List.of()),
                TlsVersion.TLSv1_3, TlsVersion.TLSv1_3, null, List.of(), List.of(), List.of(), null,
                t.sessionCacheSize(), t.sessionCacheTimeout(), false));
    }
}
