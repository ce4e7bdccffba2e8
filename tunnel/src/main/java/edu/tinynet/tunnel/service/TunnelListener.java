package edu.tinynet.tunnel.service;

import java.net.InetSocketAddress;
import java.nio.file.Path;

/**
 * Everything that happens in a tunnel, as events. Every method has a no-op default; implement the
 * ones you need. {@link edu.tinynet.tunnel.log.LoggingTunnelListener} turns them into stunnel's log
 * lines; tests record them.
 *
 * <p>Connection events of one connection arrive in order, on the I/O thread serving it (a failed
 * connect attempt is reported from the connector's thread). Implementations must be thread-safe
 * and must not block.
 */
public interface TunnelListener {

    /** A listener that ignores everything. */
    TunnelListener NOOP = new TunnelListener() {
    };

    // ---------------------------------------------------------------- services

    /** A service listens on {@code bound}. */
    default void serviceStarted(String service, InetSocketAddress bound) {
    }

    /** A service stopped accepting (stop, or removed by a reload). Its live connections go on. */
    default void serviceStopped(String service) {
    }

    /** A reload of {@code source} took effect. */
    default void reloadSucceeded(Path source) {
    }

    /** A reload failed; the previous configuration is still in force. */
    default void reloadFailed(Path source, String reason) {
    }

    /**
     * The service cannot accept connections for now: {@code accept} failed for lack of resources,
     * typically the process's file descriptor limit ({@code reason} says which). Pending clients
     * wait in the listen backlog; accepting is retried every {@code retryEvery}. Reported once per
     * pause, not per attempt.
     */
    default void acceptPaused(String service, String reason, java.time.Duration retryEvery) {
    }

    /** The service accepts connections again after a pause of {@code paused}, {@code failedAttempts} attempts. */
    default void acceptResumed(String service, java.time.Duration paused, long failedAttempts) {
    }

    // ---------------------------------------------------------------- connections

    /** A client connected to the service's accept address. */
    default void accepted(ConnectionInfo c) {
    }

    /** Connecting to {@code remote} (one attempt). */
    default void connecting(ConnectionInfo c, InetSocketAddress remote) {
    }

    /** One connect attempt failed; another address may be tried next. */
    default void connectFailed(ConnectionInfo c, InetSocketAddress remote, String reason) {
    }

    /** Connected to {@code remote} from {@code local}. */
    default void connected(ConnectionInfo c, InetSocketAddress remote, InetSocketAddress local) {
    }

    /** The TLS handshake (on whichever side is TLS) completed. */
    default void handshakeCompleted(ConnectionInfo c, HandshakeInfo h) {
    }

    /** The TLS handshake failed; {@code reason} names the cause. The connection is closed next. */
    default void handshakeFailed(ConnectionInfo c, String reason) {
    }

    /**
     * The traffic looks like the wrong protocol for this side (TLS bytes where plaintext was
     * expected); {@code hint} says what to check. The connection is not closed for it.
     */
    default void protocolMismatch(ConnectionInfo c, String hint) {
    }

    /**
     * One side stopped sending: {@code tlsSide} tells which; {@code how} is e.g. {@code close_notify},
     * {@code EOF}, {@code EOF without close_notify}. The other direction may continue (half-close).
     */
    default void inputClosed(ConnectionInfo c, boolean tlsSide, String how) {
    }

    /** A connection ended; called once per accepted connection, with its final counters. */
    default void closed(ConnectionInfo c, ConnectionStats stats) {
    }
}
