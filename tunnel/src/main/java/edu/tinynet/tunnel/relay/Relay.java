package edu.tinynet.tunnel.relay;

import org.apache.mina.core.session.AttributeKey;
import org.apache.mina.core.session.IoSession;

/**
 * The link between the two sessions of a relayed connection. Both the accepted and the outgoing
 * session carry the same {@link RelayConnection} under {@link #CONNECTION}; the handlers find all
 * state there.
 */
public final class Relay {

    /** The {@link RelayConnection} a session belongs to (set on both sessions of a pair). */
    public static final AttributeKey CONNECTION = new AttributeKey(Relay.class, "connection");

    /** On an outgoing session: the connect attempt (its {@code ConnectFuture}) that made it. */
    static final AttributeKey ATTEMPT = new AttributeKey(Relay.class, "attempt");

    private Relay() {
    }

    /** The connection {@code session} belongs to, or null. */
    public static RelayConnection connection(IoSession session) {
        return (RelayConnection) session.getAttribute(CONNECTION);
    }

    /** The other session of {@code session}'s relay pair, or null when there is none (yet). */
    public static IoSession peer(IoSession session) {
        RelayConnection c = connection(session);
        return c == null ? null : c.peerOf(session);
    }
}
