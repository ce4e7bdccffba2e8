package edu.tinynet.tunnel.relay;

import java.util.function.Supplier;
import org.apache.mina.core.session.IoSession;

/**
 * Handler of a service's acceptor: each accepted session starts a {@link RelayConnection} with the
 * service's settings current at that moment (a reload changes them for later connections only).
 */
public final class AcceptSideHandler extends RelayHandler {

    private final Supplier<ServiceRuntime> runtime;

    /** @param runtime the service's current settings, read once per accepted connection */
    public AcceptSideHandler(Supplier<ServiceRuntime> runtime) {
        this.runtime = runtime;
    }

    @Override
    public void sessionCreated(IoSession session) {
        RelayConnection.accept(runtime.get(), session);
    }

    @Override
    public void sessionOpened(IoSession session) {
        RelayConnection c = Relay.connection(session);
        if (c != null) {
            c.acceptedOpened();
        }
    }
}
