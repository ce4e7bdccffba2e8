package edu.tinynet.tunnel.relay;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.mina.transport.socket.nio.NioSocketConnector;

/**
 * What all services of one tunnel share on the data path: the connector (on the shared processor
 * pool), an executor for name resolution ({@code delay = yes}), the tuning, connection ids and the
 * set of live connections.
 */
public final class RelayContext {

    private final NioSocketConnector connector;
    private final Executor resolver;
    private final RelayTuning tuning;
    private final AtomicLong ids = new AtomicLong();
    private final Set<RelayConnection> live = ConcurrentHashMap.newKeySet();

    public RelayContext(NioSocketConnector connector, Executor resolver, RelayTuning tuning) {
        this.connector = connector;
        this.resolver = resolver;
        this.tuning = tuning;
    }

    public NioSocketConnector connector() {
        return connector;
    }

    Executor resolver() {
        return resolver;
    }

    public RelayTuning tuning() {
        return tuning;
    }

    long nextId() {
        return ids.getAndIncrement();
    }

    void register(RelayConnection c) {
        live.add(c);
    }

    void unregister(RelayConnection c) {
        live.remove(c);
    }

    /** The connections not yet closed (a live view; iterate, don't hold). */
    public Collection<RelayConnection> liveConnections() {
        return live;
    }
}
