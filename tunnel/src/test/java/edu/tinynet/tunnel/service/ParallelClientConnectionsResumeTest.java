package edu.tinynet.tunnel.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import edu.tinynet.tunnel.tls.TlsDefaults;
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
        waves(false);
    }

    /**
     * With {@link TlsDefaults#preferServerSessionCache()} (what {@code main} does) the server keeps
     * the sessions in its own cache instead of handing out self-contained tickets, and clients
     * resume all the same.
     */
    @Test
    void withTheServerSessionCacheEverySessionResumesFromTheServersCache() throws Exception {
        ServiceTls server = waves(true);
        assertTrue(server.context().getServerSessionContext().getIds().hasMoreElements(),
                "the server's own cache holds the sessions");
    }

    /** Two waves of parallel connections through a client and a server tunnel; returns the server's TLS. */
    private ServiceTls waves(boolean serverCache) throws Exception {
        TunnelFixtures.Pki pki = TunnelFixtures.pki();
        Path cert = dir.resolve("server.pem");
        Pem.writeCombined(cert, pki.server(), true);
        Path ca = dir.resolve("ca.pem");
        Pem.writeCertificates(ca, List.of(pki.ca().certificate()), true);
        RecordingTunnelListener events = new RecordingTunnelListener();
        try (EchoServer backend = EchoServer.echo()) {
            ServiceConfig serverCfg = tls13(TunnelFixtures.server("s", backend.address()), cert, null);
            ServiceTls serverTls = serverCache ? withServerCache(() -> ServiceTls.create(serverCfg, w -> { }))
                    : ServiceTls.create(serverCfg, w -> { });
            if (!serverCache) {
                assertFalse(serverTls.context().getServerSessionContext().getIds().hasMoreElements());
            }
            try (Tunnel server = TunnelFixtures.start(serverCfg, serverTls, events)) {
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
            return serverTls;
        }
    }

    /** Makes a TLS policy the way the tunnel process does (the property is read per context). */
    private static ServiceTls withServerCache(java.util.concurrent.Callable<ServiceTls> make) throws Exception {
        String before = System.getProperty(TlsDefaults.SERVER_TICKETS);
        System.clearProperty(TlsDefaults.SERVER_TICKETS);
        try {
            assertTrue(TlsDefaults.preferServerSessionCache());
            assertFalse(TlsDefaults.preferServerSessionCache(), "set once; an explicit value wins");
            return make.call();
        } finally {
            if (before == null) {
                System.clearProperty(TlsDefaults.SERVER_TICKETS);
            } else {
                System.setProperty(TlsDefaults.SERVER_TICKETS, before);
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
