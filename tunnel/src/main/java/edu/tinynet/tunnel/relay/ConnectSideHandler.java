package edu.tinynet.tunnel.relay;

import org.apache.mina.core.session.IoSession;

/**
 * Handler of the tunnel's connector: an outgoing session joins the {@link RelayConnection} its
 * connect attempt put on it.
 */
public final class ConnectSideHandler extends RelayHandler {

    @Override
    public void sessionCreated(IoSession session) {
        RelayConnection c = Relay.connection(session);
        if (c != null) {
            c.connectedCreated(session);
        } else {
            session.closeNow();
        }
    }

    @Override
    public void sessionOpened(IoSession session) {
        RelayConnection c = Relay.connection(session);
        if (c != null) {
            c.connectedOpened(session);
        }
    }
}
