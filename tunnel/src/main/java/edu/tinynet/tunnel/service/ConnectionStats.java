package edu.tinynet.tunnel.service;

import java.time.Duration;

/**
 * Counters of one connection, live (from {@link Tunnel#activeConnections()}) or final (in
 * {@link TunnelListener#closed}).
 *
 * @param bytesToTls           plaintext bytes written into the TLS side (stunnel's "sent to TLS")
 * @param bytesToSocket        plaintext bytes written to the plaintext side ("sent to socket")
 * @param duration             time since accept
 * @param status               how it ended; null while the connection is open
 * @param reason               why it ended, when not a normal close (e.g. {@code TIMEOUTidle exceeded}); may be null
 * @param queuedToTls          bytes read from the plaintext side not yet written to the TLS side (now)
 * @param queuedToSocket       bytes read from the TLS side not yet written to the plaintext side (now)
 * @param peakQueuedToTls      the most {@code queuedToTls} ever was
 * @param peakQueuedToSocket   the most {@code queuedToSocket} ever was
 */
public record ConnectionStats(long bytesToTls, long bytesToSocket, Duration duration, CloseStatus status,
        String reason, long queuedToTls, long queuedToSocket, long peakQueuedToTls, long peakQueuedToSocket) {
}
