package edu.tinynet.tunnel.tls.filter;

import javax.net.ssl.SSLSession;
import org.apache.mina.filter.FilterEvent;

/**
 * What {@link TlsFilter} tells the handler, through {@code IoHandler.event(session, event)}.
 *
 * <p>End of input is not an event: a received close_notify (and a TCP EOF without one) reaches the
 * handler as {@code inputClosed}, exactly like EOF on a plaintext session, so a relay treats both
 * kinds of session the same way. {@link TlsFilter#closeNotifyReceived()} tells the two apart.
 */
public sealed interface TlsEvent extends FilterEvent {

    /**
     * The handshake finished; application data may flow now.
     *
     * @param session    the negotiated session
     * @param resumed    true when a cached session was resumed instead of a full handshake
     * @param clientMode true on the side that started the handshake
     */
    record Secured(SSLSession session, boolean resumed, boolean clientMode) implements TlsEvent {
    }

    /**
     * The handshake or the established TLS connection failed. The filter closes the session after
     * flushing any alert; {@code sessionClosed} still reaches the handler.
     *
     * @param reason          one line for people, naming the cause (certificate, host, protocol...)
     * @param cause           the exception, or null when the failure was detected without one
     *                        (timeout, peer closed the connection)
     * @param duringHandshake true when the handshake had not completed
     */
    record Failed(String reason, Throwable cause, boolean duringHandshake) implements TlsEvent {
    }

    /**
     * Our sending side is closed: a close_notify went out. With TLS 1.2 the engine answers a
     * received close_notify with its own, after which nothing more can be sent; the handler must
     * stop relaying towards this session.
     */
    record OutboundClosed() implements TlsEvent {
    }
}
