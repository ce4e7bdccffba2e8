package edu.tinynet.tunnel.log;

import edu.tinynet.tunnel.service.CloseStatus;
import edu.tinynet.tunnel.service.ConnectionInfo;
import edu.tinynet.tunnel.service.ConnectionStats;
import edu.tinynet.tunnel.service.HandshakeInfo;
import edu.tinynet.tunnel.service.TunnelListener;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.function.IntSupplier;

/**
 * stunnel's log lines from tunnel events. Connection lines carry the connection id and are filtered
 * by the service's {@code debug} level; service lines carry {@code ui} and use the global level.
 * One summary line per connection: {@code Connection closed: N byte(s) sent to TLS, M byte(s) sent
 * to socket} (or {@code Connection reset: ...}). Payload is never logged.
 */
public final class LoggingTunnelListener implements TunnelListener {

    private final StunnelLog log;
    private final IntSupplier globalLevel;

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
    public void acceptPaused(String service, String reason, java.time.Duration retryEvery) {
        global(StunnelLog.WARNING, "Service [" + service + "]: accepting paused: " + reason + "; clients wait in the "
                + "listen backlog, retrying every " + retryEvery.toMillis() + " ms");
    }

    @Override
    public void acceptResumed(String service, java.time.Duration paused, long failedAttempts) {
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
