package edu.tinynet.lab.tap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A transparent tap connects onward from the client's own address (so a server behind it sees the
 * real peer); a forwarder with a source address uses that one.
 */
class TapRelayChoosesTheSourceAddressTest {

    private static boolean bindable(String a) {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(a))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Accepts one connection and returns the peer's address. */
    private static CompletableFuture<String> peerOfNextConnection(ServerSocket ss) {
        return CompletableFuture.supplyAsync(() -> {
            try (Socket s = ss.accept()) {
                return s.getInetAddress().getHostAddress();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void transparentTapKeepsTheClientsAddress() throws Exception {
        Assumptions.assumeTrue(bindable("127.0.0.9"), "needs 127.0.0.0/8 on loopback");
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"));
                TapRelay tap = TapRelay.builder("t", new InetSocketAddress("127.0.0.1", 0),
                        new InetSocketAddress("127.0.0.1", server.getLocalPort())).transparent().start()) {
            CompletableFuture<String> peer = peerOfNextConnection(server);
            try (Socket c = new Socket()) {
                c.bind(new InetSocketAddress("127.0.0.9", 0));
                c.connect(tap.listenAddress());
                assertEquals("127.0.0.9", peer.get(10, TimeUnit.SECONDS));
            }
        }
    }

    @Test
    void forwarderConnectsFromItsSourceAddress() throws Exception {
        Assumptions.assumeTrue(bindable("127.0.0.7"), "needs 127.0.0.0/8 on loopback");
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"));
                TapRelay fwd = TapRelay.builder("f", new InetSocketAddress("127.0.0.1", 0),
                        new InetSocketAddress("127.0.0.1", server.getLocalPort()))
                        .record(false).sourceAddress(InetAddress.getByName("127.0.0.7")).start()) {
            CompletableFuture<String> peer = peerOfNextConnection(server);
            try (Socket c = new Socket("127.0.0.1", fwd.listenAddress().getPort())) {
                assertEquals("127.0.0.7", peer.get(10, TimeUnit.SECONDS));
            }
        }
    }

    @Test
    void unreachableTargetResetsTheClientAndIsReported() throws Exception {
        int dead;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            dead = s.getLocalPort();
        }
        CompletableFuture<String> reason = new CompletableFuture<>();
        try (TapRelay tap = TapRelay.builder("t", new InetSocketAddress("127.0.0.1", 0),
                new InetSocketAddress("127.0.0.1", dead)).events(new TapRelay.Events() {
                    @Override
                    public void targetUnreachable(String hop, int id, InetSocketAddress target, String why) {
                        reason.complete(why);
                    }
                }).start();
                Socket c = new Socket("127.0.0.1", tap.listenAddress().getPort())) {
            c.setSoTimeout(10_000);
            IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> {
                if (c.getInputStream().read() < 0) {
                    throw new IOException("EOF instead of a reset");
                }
            });
            assertEquals("Connection reset", e.getMessage());
            org.junit.jupiter.api.Assertions.assertTrue(reason.get(10, TimeUnit.SECONDS).contains("refused"),
                    reason.get());
        }
    }
}
