package edu.tinynet.tunnel.tls;

import javax.net.ssl.SSLEngine;

/**
 * Makes a configured {@link SSLEngine} for one connection of one service. This is the seam between
 * TLS policy (contexts, protocols, suites, verification, SNI: package {@code tls}) and the data path
 * (the MINA filter and relay: packages {@code tls.filter} and {@code relay}).
 */
public interface TlsEngineFactory {

    /**
     * A new engine.
     *
     * @param clientMode true when this side starts the handshake (a {@code client = yes} service's
     *                   outgoing connection)
     * @param peerHost   the host as configured in {@code connect} (client) or the remote address
     *                   (server); used for session resumption, SNI and host checks as configured
     * @param peerPort   the peer's port
     */
    SSLEngine newEngine(boolean clientMode, String peerHost, int peerPort);

    /**
     * The connection that uses {@code engine} has received the peer's first data, or has ended:
     * whatever the peer sends for resuming later sessions (a TLS 1.3 session ticket) has arrived.
     * Whoever makes an engine with {@link #newEngine} calls this once for it (the relay does), or a
     * client factory's parallel connections lose resumption. Default: nothing.
     */
    default void release(SSLEngine engine) {
    }
}
