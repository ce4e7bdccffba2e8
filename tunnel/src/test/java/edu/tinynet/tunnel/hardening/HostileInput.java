package edu.tinynet.tunnel.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import edu.tinynet.tunnel.service.ConnectionInfo;
import edu.tinynet.tunnel.testing.RecordingTunnelListener.Event;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import javax.net.ssl.SSLSocket;

/**
 * Throws hostile bytes at a {@link HardenedServer} and checks what a demanding operator expects:
 * the server closes the socket within {@link #CLOSE_BOUND}, reports exactly one handshake failure
 * with a hint (event and log line), logs no stack trace, and afterwards the process is back to its
 * baseline: no live connection, no extra threads, no retained heap.
 */
final class HostileInput {

    /** How long the server may take to close a hostile connection. */
    static final Duration CLOSE_BOUND = Duration.ofSeconds(10);

    /** Connections per test: enough for a leak to show, few enough for a loaded machine. */
    static final int ROUNDS = 20;

    private static final int THREAD_SLACK = 2;
    private static final long HEAP_SLACK = 32L << 20;
    private static final Pattern STACK_FRAME = Pattern.compile("(\\bat [\\w.$]+\\([\\w$]+\\.java:\\d+\\))"
            + "|(\\| [\\w.$]+\\([\\w$]+\\.java:\\d+\\))|(\\n\\s+at )|(Caused by:)");

    /** What one hostile client does on a connected socket (before the test waits for the close). */
    @FunctionalInterface
    interface Attack {
        void run(int round, Socket socket) throws IOException;
    }

    private HostileInput() {
    }

    /**
     * Runs {@code attack} {@link #ROUNDS} times against {@code server} and checks every expectation;
     * returns the handshake-failure reasons, one per round.
     */
    static List<String> assertRejectedCleanly(HardenedServer server, Attack attack) throws Exception {
        warmUp(server);
        long baseThreads = settledThreads(Integer.MAX_VALUE);
        long baseHeap = usedHeapAfterGc();
        int backendBefore = server.echo.accepted();

        List<String> reasons = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            InetSocketAddress local;
            try (Socket s = new Socket()) {
                s.connect(server.address(), 5_000);
                local = (InetSocketAddress) s.getLocalSocketAddress();
                s.setSoTimeout((int) CLOSE_BOUND.toMillis());
                try {
                    attack.run(round, s);
                } catch (SocketException e) {
                    // the server may close while we are still writing: that is a close too
                }
                awaitServerClose(s, round);
            }
            reasons.add(assertOneHandshakeFailure(server, local, round));
        }

        assertTrue(waitFor(() -> server.tunnel.activeConnections().isEmpty(), Duration.ofSeconds(5)),
                () -> "connections still open: " + server.tunnel.activeConnections());
        assertEquals(backendBefore, server.echo.accepted(), "hostile input must never reach the backend");
        assertNoStackTrace(server.logText());
        long threads = settledThreads(baseThreads + THREAD_SLACK);
        assertTrue(threads <= baseThreads + THREAD_SLACK,
                "threads grew from " + baseThreads + " to " + threads + " after " + ROUNDS + " hostile connections");
        long heap = usedHeapAfterGc();
        assertTrue(heap <= baseHeap + HEAP_SLACK, "heap after GC grew from " + (baseHeap >> 20) + " MiB to "
                + (heap >> 20) + " MiB after " + ROUNDS + " hostile connections");
        System.out.println("HOSTILE reasons: " + new java.util.TreeSet<>(reasons));
        return reasons;
    }

    /** One good TLS round trip, so baseline measurements include every lazily made resource. */
    static void warmUp(HardenedServer server) throws Exception {
        try (SSLSocket s = (SSLSocket) server.pki.trustingContext().getSocketFactory()
                .createSocket(server.address().getAddress(), server.port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write("warm-up\n".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            byte[] back = s.getInputStream().readNBytes(8);
            assertEquals("warm-up\n", new String(back, StandardCharsets.US_ASCII));
        }
        server.events.awaitClosed(1, Duration.ofSeconds(10));
        assertTrue(waitFor(() -> server.tunnel.activeConnections().isEmpty(), Duration.ofSeconds(5)));
        server.events.clear();
    }

    private static void awaitServerClose(Socket s, int round) throws IOException {
        InputStream in = s.getInputStream();
        byte[] buf = new byte[8192];
        long deadline = System.nanoTime() + CLOSE_BOUND.toNanos();
        try {
            while (in.read(buf) >= 0) {
                if (System.nanoTime() > deadline) {
                    fail("round " + round + ": the server kept sending for more than " + CLOSE_BOUND);
                }
            }
        } catch (SocketTimeoutException e) {
            fail("round " + round + ": the server did not close the connection within " + CLOSE_BOUND);
        } catch (SocketException e) {
            // reset: closed, less politely
        }
    }

    private static String assertOneHandshakeFailure(HardenedServer server, InetSocketAddress local, int round)
            throws InterruptedException {
        Event closed = server.events.await(e -> e.type().equals("closed") && samePeer(e.connection(), local),
                Duration.ofSeconds(10));
        long id = closed.connection().id();
        List<Event> failures = server.events.ofType("handshakeFailed").stream()
                .filter(e -> e.connection().id() == id).toList();
        assertEquals(1, failures.size(), () -> "round " + round + ": handshake failures of connection " + id + ": "
                + failures + "; all events: " + server.events.events());
        assertTrue(server.events.ofType("handshakeCompleted").stream().noneMatch(e -> e.connection().id() == id));
        String reason = failures.get(0).text();
        assertFalse(reason.isBlank() || reason.equals("TLS handshake failed"), "no hint: " + reason);
        String log = server.logText();
        long lines = log.lines().filter(l -> l.contains("[" + id + "]: TLS handshake failed: ")).count();
        assertEquals(1, lines, () -> "round " + round + ": log lines for connection " + id + ":\n" + log);
        return reason;
    }

    private static boolean samePeer(ConnectionInfo c, InetSocketAddress local) {
        return c != null && c.peer() != null && c.peer().getPort() == local.getPort();
    }

    static void assertNoStackTrace(String log) {
        assertFalse(STACK_FRAME.matcher(log).find(), () -> "stack trace in the log below debug = 7:\n" + log);
    }

    static long settledThreads(long target) throws InterruptedException {
        var mx = ManagementFactory.getThreadMXBean();
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        int n = mx.getThreadCount();
        while (n > target && System.nanoTime() < deadline) {
            Thread.sleep(100);
            n = mx.getThreadCount();
        }
        return n;
    }

    static long usedHeapAfterGc() throws InterruptedException {
        var mx = ManagementFactory.getMemoryMXBean();
        long min = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
            min = Math.min(min, mx.getHeapMemoryUsage().getUsed());
        }
        return min;
    }

    static boolean waitFor(java.util.function.BooleanSupplier condition, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    static void send(Socket s, byte[] bytes) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(bytes);
        out.flush();
    }

    static byte[] hex(String h) {
        String t = h.replaceAll("\\s", "");
        byte[] b = new byte[t.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(t.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }
}
