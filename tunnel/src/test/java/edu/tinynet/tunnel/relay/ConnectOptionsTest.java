package edu.tinynet.tunnel.relay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.tinynet.tunnel.config.ServiceConfig;
import edu.tinynet.tunnel.config.SocketOptionSetting;
import edu.tinynet.tunnel.service.Tunnel;
import edu.tinynet.tunnel.testing.EchoServer;
import edu.tinynet.tunnel.testing.RecordingTunnelListener;
import edu.tinynet.tunnel.testing.TunnelFixtures;
import edu.tinynet.tunnel.testing.TunnelProbe;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The connect-side options: {@code delay = yes} resolves the connect name per connection,
 * {@code local} sets the source address, {@code reset} decides between RST and FIN on errors,
 * and {@code socket} options are checked. Baseline: a server-mode service in front of an echo
 * backend, reached through a client-mode service; each test changes one thing.
 */
class ConnectOptionsTest {

    private final TunnelFixtures.Pki pki = TunnelFixtures.pki();

    private void roundTripThrough(ServiceConfig serverService, EchoServer backend) throws Exception {
        try (Tunnel server = TunnelFixtures.start(serverService, pki.serverTls(), new RecordingTunnelListener());
                Tunnel client = TunnelFixtures.start(TunnelFixtures.client("c", server.boundAddress("s")),
                        pki.clientTls(), new RecordingTunnelListener());
                TunnelProbe p = TunnelProbe.connect(client.boundAddress("c"))) {
            p.write("x".getBytes());
            assertArrayEquals("x".getBytes(), p.readExactly(1));
        }
    }

    @Test
    void delayResolvesTheConnectNameForEachConnection() throws Exception {
        try (EchoServer backend = EchoServer.echo()) {
            ServiceConfig s = TunnelFixtures.withConnectOptions(
                    TunnelFixtures.withConnectHost(TunnelFixtures.server("s"), "localhost", backend.port()), true, null,
                    true);
            roundTripThrough(s, backend);
            assertEquals(1, backend.accepted());
        }
    }

    @Test
    void localSetsTheSourceAddressOfOutgoingConnections() throws Exception {
        try (EchoServer backend = EchoServer.echo()) {
            ServiceConfig s = TunnelFixtures.withConnectOptions(TunnelFixtures.server("s", backend.address()), false,
                    "127.0.0.2", true);
            roundTripThrough(s, backend);
            assertEquals("127.0.0.2", backend.lastPeer().getAddress().getHostAddress());
        }
    }

    @Test
    void resetYesEndsAFailedConnectionWithRst() throws Exception {
        assertEquals(TunnelProbe.End.RESET, endSeenByClientOfDeadBackend(true));
    }

    @Test
    void resetNoEndsAFailedConnectionWithFin() throws Exception {
        assertEquals(TunnelProbe.End.FIN, endSeenByClientOfDeadBackend(false));
    }

    private TunnelProbe.End endSeenByClientOfDeadBackend(boolean reset) throws Exception {
        InetSocketAddress dead = FailoverTest.deadAddress();
        ServiceConfig c = TunnelFixtures.withConnectOptions(TunnelFixtures.client("c", dead), false, null, reset);
        try (Tunnel client = TunnelFixtures.start(c, pki.clientTls(), new RecordingTunnelListener());
                TunnelProbe p = TunnelProbe.connect(client.boundAddress("c"))) {
            return p.awaitEnd(Duration.ofSeconds(5));
        }
    }

    @Test
    void socketOptionsAreAppliedAndUnknownOnesRefused() throws Exception {
        try (EchoServer backend = EchoServer.echo()) {
            ServiceConfig s = TunnelFixtures.withSocketOptions(TunnelFixtures.server("s", backend.address()),
                    List.of(new SocketOptionSetting('l', "SO_KEEPALIVE", "yes"),
                            new SocketOptionSetting('r', "TCP_NODELAY", "1"),
                            new SocketOptionSetting('r', "SO_LINGER", "1:5"),
                            new SocketOptionSetting('a', "SO_REUSEADDR", "yes")));
            roundTripThrough(s, backend);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ServiceRuntime.validate(TunnelFixtures.withSocketOptions(TunnelFixtures.server("s",
                        new InetSocketAddress("127.0.0.1", 1)), List.of(new SocketOptionSetting('r', "SO_BOGUS", "1")))));
        assertTrue(e.getMessage().startsWith("Service [s]: socket = r:SO_BOGUS=1: option SO_BOGUS is not supported"),
                e.getMessage());
    }
}
