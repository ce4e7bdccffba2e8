package edu.tinynet.tunnel.faults;

import edu.tinynet.tunnel.config.ServiceConfig;
import edu.tinynet.tunnel.config.Timeouts;
import edu.tinynet.tunnel.service.ActiveConnection;
import edu.tinynet.tunnel.service.Tunnel;
import edu.tinynet.tunnel.testing.RecordingTunnelListener;
import edu.tinynet.tunnel.testing.TunnelFixtures;
import edu.tinynet.tunnel.testing.TunnelProbe;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

/**
 * The lab's real shape in one JVM: plaintext client → {@code client = yes} tunnel ══TLS══▶
 * {@code client = no} tunnel → backend, each tunnel with its own recorded events.
 */
final class TunnelPair implements AutoCloseable {

    final Tunnel server;
    final Tunnel client;
    final RecordingTunnelListener serverEvents = new RecordingTunnelListener();
    final RecordingTunnelListener clientEvents = new RecordingTunnelListener();

    private TunnelPair(InetSocketAddress backend, Timeouts serverTimeouts, Timeouts clientTimeouts) throws Exception {
        TunnelFixtures.Pki pki = TunnelFixtures.pki();
        ServiceConfig s = TunnelFixtures.withTimeouts(TunnelFixtures.server("s", backend), serverTimeouts);
        server = TunnelFixtures.start(s, pki.serverTls(), serverEvents);
        try {
            ServiceConfig c = TunnelFixtures.withTimeouts(TunnelFixtures.client("c", server.boundAddress("s")),
                    clientTimeouts);
            client = TunnelFixtures.start(c, pki.clientTls(), clientEvents);
        } catch (Exception e) {
            server.close();
            throw e;
        }
    }

    static TunnelPair start(InetSocketAddress backend) throws Exception {
        return new TunnelPair(backend, Timeouts.DEFAULTS, Timeouts.DEFAULTS);
    }

    /** The server tunnel (the one next to the backend) with other timeouts. */
    static TunnelPair start(InetSocketAddress backend, Timeouts serverTimeouts) throws Exception {
        return new TunnelPair(backend, serverTimeouts, Timeouts.DEFAULTS);
    }

    /** Where plaintext clients connect. */
    InetSocketAddress entry() {
        return client.boundAddress("c");
    }

    /** Both tunnels have no live connection (waits up to {@code within}); fails naming what is left. */
    void awaitNoConnections(Duration within) throws InterruptedException {
        awaitNoConnections(within, server, client);
    }

    static void awaitNoConnections(Duration within, Tunnel... tunnels) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        for (Tunnel t : tunnels) {
            List<ActiveConnection> left;
            while (!(left = t.activeConnections()).isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(left.size() + " connections still active after " + within + ": " + left);
                }
                Thread.sleep(20);
            }
        }
    }

    @Override
    public void close() {
        try {
            client.close();
        } finally {
            server.close();
        }
    }

    // ------------------------------------------------------------------ reading until the end

    /** What a client read until the connection ended. */
    record Received(long bytes, String sha256, TunnelProbe.End end) {
        /** True when what arrived is exactly the first {@link #bytes} of the pattern stream. */
        boolean isPatternPrefix() {
            return sha256.equals(TunnelProbe.patternDigest(bytes));
        }
    }

    /** Reads (digesting) until EOF, a reset, or {@code within}; OPEN means it did not end in time. */
    static Received readUntilEnd(TunnelProbe p, Duration within) throws IOException {
        MessageDigest md = sha256();
        long deadline = System.nanoTime() + within.toNanos();
        InputStream in = p.in();
        byte[] buf = new byte[64 * 1024];
        long n = 0;
        TunnelProbe.End end = TunnelProbe.End.OPEN;
        while (System.nanoTime() < deadline) {
            p.socket().setSoTimeout((int) Math.max(1, Math.min(200, (deadline - System.nanoTime()) / 1_000_000)));
            try {
                int r = in.read(buf);
                if (r < 0) {
                    end = TunnelProbe.End.FIN;
                    break;
                }
                md.update(buf, 0, r);
                n += r;
            } catch (SocketTimeoutException e) {
                // keep waiting
            } catch (SocketException e) {
                end = TunnelProbe.End.RESET;
                break;
            }
        }
        return new Received(n, HexFormat.of().formatHex(md.digest()), end);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
