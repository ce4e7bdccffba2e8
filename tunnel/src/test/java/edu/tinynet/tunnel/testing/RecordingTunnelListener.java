package edu.tinynet.tunnel.testing;

import edu.tinynet.tunnel.service.ConnectionInfo;
import edu.tinynet.tunnel.service.ConnectionStats;
import edu.tinynet.tunnel.service.HandshakeInfo;
import edu.tinynet.tunnel.service.TunnelListener;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Records every tunnel event, in order, for assertions; {@link #await} waits for one. Events are
 * {@link Event} records: a type name (the listener method's name), the connection (null for
 * service events) and a detail (reason, stats, handshake info, address, ...).
 */
public final class RecordingTunnelListener implements TunnelListener {

    /** One recorded event. */
    public record Event(String type, ConnectionInfo connection, Object detail) {
        /** The detail as text (reasons, hints), or its toString. */
        public String text() {
            return String.valueOf(detail);
        }
    }

    private final List<Event> events = new ArrayList<>();

    private void add(String type, ConnectionInfo c, Object detail) {
        synchronized (events) {
            events.add(new Event(type, c, detail));
            events.notifyAll();
        }
    }

    /** A copy of everything so far. */
    public List<Event> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    /** How many events so far (cheap: for progress checks). */
    public int count() {
        synchronized (events) {
            return events.size();
        }
    }

    /** Events of one type so far. */
    public List<Event> ofType(String type) {
        return events().stream().filter(e -> e.type().equals(type)).toList();
    }

    /** Forgets everything recorded so far. */
    public void clear() {
        synchronized (events) {
            events.clear();
        }
    }

    /** Waits for the first event matching {@code p} (also one recorded earlier); fails after {@code within}. */
    public Event await(Predicate<Event> p, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        synchronized (events) {
            for (;;) {
                for (Event e : events) {
                    if (p.test(e)) {
                        return e;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no matching event within " + within + "; recorded: " + events);
                }
                events.wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    /** Waits for an event of {@code type}. */
    public Event await(String type, Duration within) throws InterruptedException {
        return await(e -> e.type().equals(type), within);
    }

    /** Waits until {@code n} connections have closed and returns their stats in closing order. */
    public List<ConnectionStats> awaitClosed(int n, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        synchronized (events) {
            for (;;) {
                List<ConnectionStats> closed = new ArrayList<>();
                for (Event e : events) {
                    if (e.type().equals("closed")) {
                        closed.add((ConnectionStats) e.detail());
                    }
                }
                if (closed.size() >= n) {
                    return closed;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError(closed.size() + " of " + n + " connections closed within " + within
                            + "; recorded: " + events);
                }
                events.wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    @Override
    public void serviceStarted(String service, InetSocketAddress bound) {
        add("serviceStarted", null, service + "@" + bound);
    }

    @Override
    public void serviceStopped(String service) {
        add("serviceStopped", null, service);
    }

    @Override
    public void reloadSucceeded(Path source) {
        add("reloadSucceeded", null, source);
    }

    @Override
    public void reloadFailed(Path source, String reason) {
        add("reloadFailed", null, reason);
    }

    @Override
    public void acceptPaused(String service, String reason, java.time.Duration retryEvery) {
        add("acceptPaused", null, service + ": " + reason);
    }

    @Override
    public void acceptResumed(String service, java.time.Duration paused, long failedAttempts) {
        add("acceptResumed", null, service);
    }

    @Override
    public void accepted(ConnectionInfo c) {
        add("accepted", c, c.peer());
    }

    @Override
    public void connecting(ConnectionInfo c, InetSocketAddress remote) {
        add("connecting", c, remote);
    }

    @Override
    public void connectFailed(ConnectionInfo c, InetSocketAddress remote, String reason) {
        add("connectFailed", c, remote + ": " + reason);
    }

    @Override
    public void connected(ConnectionInfo c, InetSocketAddress remote, InetSocketAddress local) {
        add("connected", c, remote);
    }

    @Override
    public void handshakeCompleted(ConnectionInfo c, HandshakeInfo h) {
        add("handshakeCompleted", c, h);
    }

    @Override
    public void handshakeFailed(ConnectionInfo c, String reason) {
        add("handshakeFailed", c, reason);
    }

    @Override
    public void protocolMismatch(ConnectionInfo c, String hint) {
        add("protocolMismatch", c, hint);
    }

    @Override
    public void inputClosed(ConnectionInfo c, boolean tlsSide, String how) {
        add("inputClosed", c, (tlsSide ? "tls: " : "socket: ") + how);
    }

    @Override
    public void closed(ConnectionInfo c, ConnectionStats stats) {
        add("closed", c, stats);
    }
}
