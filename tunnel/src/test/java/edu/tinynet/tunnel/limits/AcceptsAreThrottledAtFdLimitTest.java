package edu.tinynet.tunnel.limits;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.tinynet.tunnel.service.Tunnel;
import edu.tinynet.tunnel.testing.EchoServer;
import edu.tinynet.tunnel.testing.InteropFiles;
import edu.tinynet.tunnel.testing.RecordingTunnelListener;
import edu.tinynet.tunnel.testing.TunnelFixtures;
import edu.tinynet.tunnel.testing.TunnelProbe;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tunnel run with {@code prlimit --nofile=256:256}, a server-mode service in front of an echo
 * server. Clients that connect and never start the handshake each hold one descriptor of the
 * tunnel, so enough of them exhaust its limit: accepting then pauses with one clear log line (no
 * stack trace per attempt, no busy loop: the tunnel uses almost no CPU while saturated), and once
 * those clients leave, new clients are served again.
 */
class AcceptsAreThrottledAtFdLimitTest {

    private static final int LIMIT = 256;
    private static final String PAUSED = "LOG4[ui]: Service [svc]: accepting paused: Too many open files "
            + "(file descriptor limit " + LIMIT + "); clients wait in the listen backlog, retrying every 200 ms";

    @TempDir
    Path dir;

    @Test
    @Timeout(120)
    void acceptingPausesWithOneLogLineWithoutSpinningAndResumes() throws Exception {
        TunnelFixtures.Pki pki = TunnelFixtures.pki();
        InteropFiles files = InteropFiles.write(pki, dir);
        Path conf = dir.resolve("tunnel.conf");
        List<Socket> held = new ArrayList<>();
        try (EchoServer echo = EchoServer.echo()) {
            Files.writeString(conf, "foreground = yes\npid = " + dir.resolve("tunnel.pid") + "\ndebug = 5\n\n[svc]\n"
                    + "accept = 127.0.0.1:0\nconnect = 127.0.0.1:" + echo.port() + "\ncert = " + files.server() + "\n");
            try (ChildTunnel tunnel = ChildTunnel.start(dir, conf, LIMIT);
                    Tunnel client = TunnelFixtures.start(TunnelFixtures.client("c", tunnel.address("svc")),
                            pki.clientTls(), new RecordingTunnelListener())) {
                assertTrue(tunnel.output().contains("(file descriptor limit " + LIMIT + ")"), tunnel.output());
                echoes(client, "warm-up");

                // saturate: each silent client holds one descriptor of the tunnel until the handshake times out
                InetSocketAddress svc = tunnel.address("svc");
                try {
                    while (!tunnel.output().contains(PAUSED)) {
                        assertTrue(held.size() < 2 * LIMIT, "no pause after " + held.size() + " clients\n" + tunnel.output());
                        for (int i = 0; i < 20; i++) {
                            held.add(new Socket(svc.getAddress(), svc.getPort()));
                        }
                        tunnel.awaitOutput(PAUSED, Duration.ofMillis(50));
                    }
                    // saturated: a client now waits in the backlog
                    try (TunnelProbe waiting = TunnelProbe.connect(client.boundAddress("c"), Duration.ofSeconds(2))) {
                        Thread.sleep(500);
                        long before = tunnel.cpuTicks();
                        Thread.sleep(3000);
                        long ticks = tunnel.cpuTicks() - before;
                        System.out.printf("tunnel CPU while saturated: %d tick(s) of 10 ms in 3 s%n", ticks);
                        assertTrue(ticks < 30, "CPU while saturated: " + ticks * 10 + " ms in 3 s (busy loop?)");
                    }
                } finally {
                    for (Socket s : held) {
                        s.close();
                    }
                }
                String out = tunnel.output();
                assertEquals(1, tunnel.countLines("accepting paused"), out);
                assertFalse(out.contains("NioSocketAcceptor"), "MINA's per-attempt error is not logged\n" + out);
                assertFalse(out.contains("Exception"), "no stack traces or exception dumps\n" + out);

                // the held clients leave: accepting resumes and new clients are served
                assertTrue(tunnel.awaitOutput("LOG5[ui]: Service [svc]: accepting again after ", Duration.ofSeconds(10)),
                        tunnel.output());
                for (int i = 0; i < 3; i++) {
                    echoes(client, "after " + i);
                }
                assertEquals(0, tunnel.stop(), tunnel.output());
            }
        }
    }

    private static void echoes(Tunnel client, String text) throws IOException {
        try (TunnelProbe p = TunnelProbe.connect(client.boundAddress("c"), Duration.ofSeconds(10))) {
            p.write(text.getBytes());
            assertArrayEquals(text.getBytes(), p.readExactly(text.length()));
        }
    }
}
