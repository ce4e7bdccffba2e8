package edu.tinynet.tunnel.service;

import edu.tinynet.tunnel.config.Endpoint;
import edu.tinynet.tunnel.relay.AcceptSideHandler;
import edu.tinynet.tunnel.relay.AffinityProcessorPool;
import edu.tinynet.tunnel.relay.RelayTuning;
import edu.tinynet.tunnel.relay.ServiceRuntime;
import edu.tinynet.tunnel.relay.SocketSettings;
import java.io.IOException;
import java.net.InetSocketAddress;
import org.apache.mina.transport.socket.SocketSessionConfig;
import org.apache.mina.transport.socket.nio.NioSocketAcceptor;

/**
 * One {@code [service]}: a listening socket whose connections are relayed with the service's
 * current {@link ServiceRuntime}. The runtime can be replaced (reload) without rebinding; live
 * connections keep the one they started with, and survive {@link #close()}.
 */
public final class TunnelService implements AutoCloseable {

    /** Listen backlog: large, so bursts of thousands of connects are not refused. */
    static final int BACKLOG = 4096;

    private final NioSocketAcceptor acceptor;
    private final Endpoint accept;
    private volatile ServiceRuntime runtime;
    private volatile InetSocketAddress bound;
    private volatile boolean closed;

    TunnelService(ServiceRuntime runtime, AffinityProcessorPool pool, RelayTuning tuning) {
        this.runtime = runtime;
        this.accept = runtime.config().accept();
        this.acceptor = new PausingAcceptor(pool, this::name, () -> this.runtime.listener());
        acceptor.setCloseOnDeactivation(false); // unbinding must not drop live connections
        acceptor.setReuseAddress(true);
        acceptor.setBacklog(BACKLOG);
        configureSessions(acceptor.getSessionConfig(), tuning);
        SocketSettings.applyToAcceptor(runtime.config().socketOptions(), acceptor);
        acceptor.setHandler(new AcceptSideHandler(() -> this.runtime));
    }

    /**
     * TCP_NODELAY on (stunnel's default); reads start at {@link #MIN_READ} bytes and grow (doubling,
     * on full reads) to the tuning's maximum, and shrink again on small ones. MINA allocates a read
     * buffer per read, so idle connections hold none, but every read's buffer is garbage: with
     * reads of at least one TLS record's worth (16 kB) a 100-byte echo made 64 kB of garbage per
     * round trip through a pair, a young collection every ~130 round trips, and those pauses were
     * the echo p99 (2x stunnel's). Bulk transfers reach the maximum after a few full reads.
     */
    static void configureSessions(SocketSessionConfig c, RelayTuning tuning) {
        c.setTcpNoDelay(true);
        c.setMinReadBufferSize(Math.min(MIN_READ, tuning.readBufferSize()));
        c.setReadBufferSize(Math.min(MIN_READ, tuning.readBufferSize()));
        c.setMaxReadBufferSize(tuning.readBufferSize());
    }

    /** The smallest read (MINA's own default). */
    static final int MIN_READ = 2048;

    /** Starts listening on the service's {@code accept} address. */
    void bind() throws IOException {
        acceptor.bind(new InetSocketAddress(accept.host(), accept.port()));
        bound = acceptor.getLocalAddress();
        runtime.listener().serviceStarted(name(), bound);
    }

    /** Switches to new settings for connections accepted from now on. */
    void update(ServiceRuntime next) {
        this.runtime = next;
    }

    public String name() {
        return runtime.name();
    }

    /** The service's current settings. */
    public ServiceRuntime runtime() {
        return runtime;
    }

    /** The configured accept endpoint. */
    public Endpoint accept() {
        return accept;
    }

    /** The address actually bound (the real port when the configuration said 0), or null before bind. */
    public InetSocketAddress boundAddress() {
        return bound;
    }

    /** Stops accepting. Connections already accepted go on. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            acceptor.unbind();
        } finally {
            acceptor.dispose(false);
        }
        if (bound != null) {
            runtime.listener().serviceStopped(name());
        }
    }
}
