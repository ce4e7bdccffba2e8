package edu.tinynet.tunnel.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.tinynet.tunnel.config.Endpoint;
import edu.tinynet.tunnel.config.ServiceConfig;
import edu.tinynet.tunnel.config.TunnelConfig;
import edu.tinynet.tunnel.testing.EchoServer;
import edu.tinynet.tunnel.testing.RecordingTunnelListener;
import edu.tinynet.tunnel.testing.TunnelFixtures;
import edu.tinynet.tunnel.testing.TunnelProbe;
import edu.tinynet.tunnel.tls.TlsEngineFactory;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Reload is all or nothing: a service whose TLS cannot be built, or whose port cannot be bound,
 * leaves the running configuration exactly as it was; a good reload takes effect for new
 * connections while live connections go on, services added start and services removed stop
 * accepting. Baseline: a server-mode service [s] in front of echo backend A, reached through a
 * client-mode tunnel; each test changes one thing.
 */
class ReloadIsAtomicTest {

    /** A TLS function that refuses any service whose cert file is named broken.pem, like a real loader would. */
    private static final Function<ServiceConfig, TlsEngineFactory> TLS = sc -> {
        Path cert = sc.tls().cert();
        if (cert != null && cert.getFileName().toString().equals("broken.pem")) {
            throw new IllegalArgumentException("cert = " + cert + ": not a PEM file");
        }
        return sc.client() ? TunnelFixtures.pki().clientTls() : TunnelFixtures.pki().serverTls();
    };

    private EchoServer backendA;
    private EchoServer backendB;
    private RecordingTunnelListener events;
    private Tunnel server;
    private Tunnel client;
    private ServiceConfig s;

    @BeforeEach
    void start() throws Exception {
        backendA = EchoServer.echo();
        backendB = EchoServer.echo();
        events = new RecordingTunnelListener();
        s = TunnelFixtures.server("s", backendA.address());
        server = TunnelFixtures.start(TunnelFixtures.config(Path.of("/etc/tunnel/server.conf"), s), TLS, events);
        client = TunnelFixtures.start(TunnelFixtures.client("c", server.boundAddress("s")), TunnelFixtures.pki().clientTls(),
                new RecordingTunnelListener());
    }

    @AfterEach
    void stop() throws IOException {
        client.close();
        server.close();
        backendA.close();
        backendB.close();
    }

    private TunnelConfig config(ServiceConfig... services) {
        return TunnelFixtures.config(Path.of("/etc/tunnel/server.conf"), services);
    }

    private static void echoes(TunnelProbe p, String text) throws IOException {
        p.write(text.getBytes());
        assertArrayEquals(text.getBytes(), p.readExactly(text.length()));
    }

    private void newConnectionEchoes() throws IOException {
        try (TunnelProbe p = TunnelProbe.connect(client.boundAddress("c"))) {
            echoes(p, "fresh");
        }
    }

    @Test
    void brokenTlsKeepsTheOldServiceWorking() throws Exception {
        TunnelConfig before = server.config();
        ServiceConfig broken = TunnelFixtures.withTls(TunnelFixtures.withConnect(s, backendB.address()),
                TunnelFixtures.tlsSettings(Path.of("/etc/tunnel/broken.pem")));
        TunnelException e = assertThrows(TunnelException.class, () -> server.reload(config(broken)));
        assertTrue(e.getMessage().contains("/etc/tunnel/server.conf"), e.getMessage());
        assertTrue(e.getMessage().contains("Service [s]: cert = /etc/tunnel/broken.pem: not a PEM file"), e.getMessage());
        assertEquals(e.getMessage(), events.await("reloadFailed", Duration.ofSeconds(1)).text());
        assertEquals(before, server.config());
        newConnectionEchoes();
        assertEquals(1, backendA.accepted());
        assertEquals(0, backendB.accepted());
    }

    @Test
    void goodReloadTakesEffectWithoutDroppingALiveConnection() throws Exception {
        try (TunnelProbe live = TunnelProbe.connect(client.boundAddress("c"))) {
            echoes(live, "before");
            ServiceConfig t = TunnelFixtures.server("t", backendB.address());
            server.reload(config(TunnelFixtures.withConnect(s, backendB.address()), t));
            events.await("reloadSucceeded", Duration.ofSeconds(1));

            echoes(live, "during");                      // the live connection still goes to A
            newConnectionEchoes();                       // new ones go to B
            assertEquals(1, backendA.accepted());
            assertEquals(1, backendB.accepted());
            assertTrue(server.boundAddress("t").getPort() > 0, "added service listens");
            echoes(live, "after");
        }
    }

    @Test
    void removedServiceStopsAcceptingWhileItsConnectionsGoOn() throws Exception {
        ServiceConfig t = TunnelFixtures.server("t", backendB.address());
        server.reload(config(s, t));
        InetSocketAddress tAddress = server.boundAddress("t");
        try (Tunnel viaT = TunnelFixtures.start(TunnelFixtures.client("ct", tAddress), TunnelFixtures.pki().clientTls(),
                new RecordingTunnelListener());
                TunnelProbe live = TunnelProbe.connect(viaT.boundAddress("ct"))) {
            echoes(live, "via t");
            server.reload(config(s));
            assertEquals("t", events.await("serviceStopped", Duration.ofSeconds(1)).text());
            assertThrows(ConnectException.class, () -> new java.net.Socket(tAddress.getAddress(), tAddress.getPort()));
            echoes(live, "still via t");
        }
        newConnectionEchoes();
    }

    @Test
    void portInUseKeepsTheOldConfiguration() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            ServiceConfig u = TunnelFixtures.withAccept(TunnelFixtures.server("u", backendB.address()),
                    new Endpoint("127.0.0.1", taken.getLocalPort(), null));
            ServiceConfig v = TunnelFixtures.server("v", backendB.address());
            TunnelException e = assertThrows(TunnelException.class, () -> server.reload(config(s, v, u)));
            assertTrue(e.getMessage().startsWith("Service [u]: cannot listen on 127.0.0.1:" + taken.getLocalPort()),
                    e.getMessage());
            assertEquals(List.of("s"), server.services().stream().map(TunnelService::name).toList());
            assertTrue(events.ofType("serviceStarted").stream().anyMatch(ev -> ev.text().startsWith("v@")));
            assertEquals("v", events.await("serviceStopped", Duration.ofSeconds(1)).text(), "v was bound, then undone");
        }
        newConnectionEchoes();
    }
}
