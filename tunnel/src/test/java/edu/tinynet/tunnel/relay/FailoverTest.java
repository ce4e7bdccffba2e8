package edu.tinynet.tunnel.relay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.tinynet.tunnel.config.Failover;
import edu.tinynet.tunnel.service.Tunnel;
import edu.tinynet.tunnel.testing.EchoServer;
import edu.tinynet.tunnel.testing.RecordingTunnelListener;
import edu.tinynet.tunnel.testing.TunnelFixtures;
import edu.tinynet.tunnel.testing.TunnelProbe;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Several connect addresses: prio falls through dead ones in order, rr spreads connections. */
class FailoverTest {

    @Test
    void prioSkipsADeadAddressAndUsesTheNext() throws Exception {
        InetSocketAddress dead = deadAddress();
        TunnelFixtures.Pki pki = TunnelFixtures.pki();
        RecordingTunnelListener events = new RecordingTunnelListener();
        try (EchoServer backend = EchoServer.echo();
                Tunnel server = TunnelFixtures.start(TunnelFixtures.server("s", dead, backend.address()),
                        pki.serverTls(), events);
                Tunnel client = TunnelFixtures.start(TunnelFixtures.client("c", server.boundAddress("s")),
                        pki.clientTls(), new RecordingTunnelListener())) {
            roundTrip(client.boundAddress("c"));
            RecordingTunnelListener.Event failed = events.await("connectFailed", Duration.ofSeconds(1));
            assertTrue(failed.text().contains(":" + dead.getPort()), failed.text());
            assertEquals(backend.address().getPort(),
                    ((InetSocketAddress) events.await("connected", Duration.ofSeconds(1)).detail()).getPort());
        }
    }

    @Test
    void roundRobinSpreadsConnectionsOverAllAddresses() throws Exception {
        TunnelFixtures.Pki pki = TunnelFixtures.pki();
        try (EchoServer a = EchoServer.echo();
                EchoServer b = EchoServer.echo();
                Tunnel server = TunnelFixtures.start(TunnelFixtures.withFailover(
                        TunnelFixtures.server("s", a.address(), b.address()), Failover.RR), pki.serverTls(),
                        new RecordingTunnelListener());
                Tunnel client = TunnelFixtures.start(TunnelFixtures.client("c", server.boundAddress("s")),
                        pki.clientTls(), new RecordingTunnelListener())) {
            for (int i = 0; i < 4; i++) {
                roundTrip(client.boundAddress("c"));
            }
            assertEquals(2, a.accepted());
            assertEquals(2, b.accepted());
        }
    }

    private static void roundTrip(InetSocketAddress entry) throws Exception {
        try (TunnelProbe p = TunnelProbe.connect(entry)) {
            p.write("ping".getBytes());
            assertArrayEquals("ping".getBytes(), p.readExactly(4));
            p.shutdownOutput();
            p.readToEnd();
        }
    }

    static InetSocketAddress deadAddress() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), s.getLocalPort());
        }
    }
}
