package edu.tinynet.tunnel.log;

import edu.tinynet.tunnel.service.CloseStatus;
import edu.tinynet.tunnel.service.ConnectionInfo;
import edu.tinynet.tunnel.service.ConnectionStats;
import edu.tinynet.tunnel.service.HandshakeInfo;
import edu.tinynet.tunnel.service.TunnelListener;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * stunnel's log lines from tunnel events. Connection lines carry the connection id and are filtered
 * by the service's {@code debug} level; service lines carry {@code ui} and use the global level.
 * One summary line per connection: {@code Connection closed: N byte(s) sent to TLS, M byte(s) sent
 * to socket} (or {@code Connection reset: ...}). Payload is never logged.
 */
public final class LoggingTunnelListener implements TunnelListener {

    /**
     * A service that keeps running into a resource limit pauses and resumes often; its pauses are
     * logged at most this often (with the number left out), and so are the matching resumes.
     */
    public static final Duration PAUSE_REPORT_INTERVAL = Duration.ofSeconds(60);

    private final StunnelLog log;
    private final IntSupplier globalLevel;
    private final Map<String, Pauses> pauses = new HashMap<>();

    /** Accept pauses of one service, for rate-limiting their lines. */
    private static final class Pauses {
        long lastReported;
        long suppressed;
        boolean current;
    }

    /**
     * @param log         where lines go
     * @param globalLevel the global {@code debug} level (read for each line, so a reload can change it)
     */
    public LoggingTunnelListener(StunnelLog log, IntSupplier globalLevel) {
        this.log = log;
        this.globalLevel = globalLevel;
    }

    private void global(int level, String text) {
        if (level <= globalLevel.getAsInt()) {
            log.log(level, StunnelLog.UI, text);
        }
    }

    private void conn(ConnectionInfo c, int level, String text) {
        if (level <= c.debugLevel()) {
            log.log(level, Long.toString(c.id()), text);
        }
    }

    static String hostPort(InetSocketAddress a) {
        if (a == null) {
            return "?";
        }
        String host = a.getAddress() != null ? a.getAddress().getHostAddress() : a.getHostString();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    @Override
    public void serviceStarted(String service, InetSocketAddress bound) {
        global(StunnelLog.NOTICE, "Service [" + service + "] bound to " + hostPort(bound));
    }

    @Override
    public void serviceStopped(String service) {
        global(StunnelLog.INFO, "Service [" + service + "] stopped accepting connections");
    }

    @Override
    public void reloadSucceeded(Path source) {
        global(StunnelLog.NOTICE, "Configuration successful" + (source != null ? " (" + source + ")" : ""));
    }

    @Override
    public void reloadFailed(Path source, String reason) {
        String why = reason;
        if (source != null && why != null && why.startsWith(source + ": ")) {
            why = why.substring(source.toString().length() + 2); // the line names the file already
        }
        global(StunnelLog.ERR, "Reloading " + (source != null ? source : "the configuration") + " failed: " + why);
        global(StunnelLog.ERR, "Keeping the previous configuration");
    }

    @Override
    public void acceptPaused(String service, String reason, Duration retryEvery) {
        long suppressed;
        synchronized (pauses) {
            Pauses p = pauses.computeIfAbsent(service, k -> new Pauses());
            long now = System.nanoTime();
            if (p.lastReported != 0 && now - p.lastReported < PAUSE_REPORT_INTERVAL.toNanos()) {
                p.suppressed++;
                p.current = false;
                return;
            }
            suppressed = p.suppressed;
            p.lastReported = now;
            p.suppressed = 0;
            p.current = true;
        }
        global(StunnelLog.WARNING, "Service [" + service + "]: accepting paused: " + reason + "; clients wait in the "
                + "listen backlog, retrying every " + retryEvery.toMillis() + " ms"
                + (suppressed > 0 ? " (" + suppressed + " more pause(s) since the last report)" : ""));
    }

    @Override
    public void acceptResumed(String service, Duration paused, long failedAttempts) {
        synchronized (pauses) {
            Pauses p = pauses.get(service);
            if (p == null || !p.current) {
                return; // its pause was not reported either
            }
            p.current = false;
        }
        global(StunnelLog.NOTICE, "Service [" + service + "]: accepting again after " + paused.toMillis() + " ms ("
                + failedAttempts + " attempt(s) failed)");
    }

    @Override
    public void accepted(ConnectionInfo c) {
        conn(c, StunnelLog.NOTICE, "Service [" + c.service() + "] accepted connection from " + hostPort(c.peer()));
    }

    @Override
    public void connecting(ConnectionInfo c, InetSocketAddress remote) {
        conn(c, StunnelLog.INFO, "s_connect: connecting " + hostPort(remote));
    }

    @Override
    public void connectFailed(ConnectionInfo c, InetSocketAddress remote, String reason) {
        conn(c, StunnelLog.ERR, "s_connect: connect " + hostPort(remote) + ": " + reason);
    }

    @Override
    public void connected(ConnectionInfo c, InetSocketAddress remote, InetSocketAddress local) {
        conn(c, StunnelLog.NOTICE, "s_connect: connected " + hostPort(remote));
        conn(c, StunnelLog.NOTICE, "Service [" + c.service() + "] connected remote server from " + hostPort(local));
    }

    @Override
    public void handshakeCompleted(ConnectionInfo c, HandshakeInfo h) {
        conn(c, StunnelLog.INFO, (h.clientSide() ? "TLS connected: " : "TLS accepted: ")
                + (h.resumed() ? "previous session reused" : "new session negotiated"));
        if (h.peerSubject() != null) {
            conn(c, StunnelLog.INFO, "Peer certificate: " + h.peerSubject());
        }
        conn(c, StunnelLog.INFO, h.protocol() + " ciphersuite: " + h.cipherSuite()
                + (h.cipherBits() > 0 ? " (" + h.cipherBits() + "-bit encryption)" : ""));
    }

    @Override
    public void handshakeFailed(ConnectionInfo c, String reason) {
        conn(c, StunnelLog.ERR, "TLS handshake failed: " + reason);
    }

    @Override
    public void protocolMismatch(ConnectionInfo c, String hint) {
        conn(c, StunnelLog.WARNING, hint);
    }

    @Override
    public void inputClosed(ConnectionInfo c, boolean tlsSide, String how) {
        conn(c, StunnelLog.INFO, (tlsSide ? "TLS closed (" : "Read socket closed (") + how + ")");
    }

    @Override
    public void closed(ConnectionInfo c, ConnectionStats s) {
        if (s.reason() != null && !s.reason().startsWith("TLS handshake failed: ")) { // that one was logged already
            conn(c, s.status() == CloseStatus.RESET ? StunnelLog.NOTICE : StunnelLog.INFO, "Closing: " + s.reason());
        }
        conn(c, StunnelLog.NOTICE, "Connection " + (s.status() != null ? s.status().word() : "closed") + ": "
                + s.bytesToTls() + " byte(s) sent to TLS, " + s.bytesToSocket() + " byte(s) sent to socket");
    }
}
