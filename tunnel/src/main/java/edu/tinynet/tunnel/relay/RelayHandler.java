package edu.tinynet.tunnel.relay;

import edu.tinynet.tunnel.tls.filter.TlsEvent;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.service.IoHandlerAdapter;
import org.apache.mina.core.session.IdleStatus;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.filter.FilterEvent;

/** What both sides of a relay do the same way: hand every event to the session's {@link RelayConnection}. */
abstract class RelayHandler extends IoHandlerAdapter {

    @Override
    public final void messageReceived(IoSession session, Object message) {
        RelayConnection c = Relay.connection(session);
        if (c != null && message instanceof IoBuffer) {
            c.received(session, (IoBuffer) message);
        }
    }

    @Override
    public final void inputClosed(IoSession session) {
        RelayConnection c = Relay.connection(session);
        if (c != null) {
            c.inputClosed(session);
        } else {
            session.closeNow();
        }
    }

    @Override
    public final void event(IoSession session, FilterEvent event) {
        RelayConnection c = Relay.connection(session);
        if (c != null && event instanceof TlsEvent) {
            c.tlsEvent(session, (TlsEvent) event);
        }
    }

    @Override
    public final void sessionIdle(IoSession session, IdleStatus status) {
        RelayConnection c = Relay.connection(session);
        if (c != null) {
            c.tick();
        }
    }

    @Override
    public final void exceptionCaught(IoSession session, Throwable cause) {
        RelayConnection c = Relay.connection(session);
        if (c != null) {
            c.exception(session, cause);
        } else {
            session.closeNow();
        }
    }

    @Override
    public final void sessionClosed(IoSession session) {
        RelayConnection c = Relay.connection(session);
        if (c != null) {
            c.sessionClosed(session);
        }
    }

    @Override
    public final void messageSent(IoSession session, Object message) {
        // write completions are handled by the futures of the relay's writes
    }
}
