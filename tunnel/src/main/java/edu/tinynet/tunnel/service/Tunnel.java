package edu.tinynet.tunnel.service;

import edu.tinynet.tunnel.config.Endpoint;
import edu.tinynet.tunnel.config.ServiceConfig;
import edu.tinynet.tunnel.config.TunnelConfig;
import edu.tinynet.tunnel.relay.AffinityProcessorPool;
import edu.tinynet.tunnel.relay.ConnectSideHandler;
import edu.tinynet.tunnel.relay.RelayConnection;
import edu.tinynet.tunnel.relay.RelayContext;
import edu.tinynet.tunnel.relay.RelayTuning;
import edu.tinynet.tunnel.relay.ServiceRuntime;
import edu.tinynet.tunnel.tls.TlsEngineFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.mina.transport.socket.nio.NioSocketConnector;

/**
 * All services of one configuration, running in this process: many services on a few MINA I/O
 * threads (one per core by default, shared by every acceptor and the one connector), no thread
 * per connection.
 *
 * <h2>Reload</h2>
 * {@link #reload(TunnelConfig)} is all or nothing. First, off to the side, every service of the new
 * configuration gets its TLS engine factory (from the pluggable {@code ServiceConfig ->
 * TlsEngineFactory} function) and its resolved addresses; then the services whose accept address
 * is new are bound. Any failure undoes those binds and leaves the running configuration exactly as
 * it was. Only then the swap: a service keeps its listening socket when the new configuration has
 * it at the same address (matched by name, else by address) and just takes the new settings;
 * services no longer present stop accepting. Live connections always finish with the settings
 * they started with.
 *
 * <p>Thread-safe; start, reload and stop are serialised.
 */
public final class Tunnel implements AutoCloseable {

    private final Function<ServiceConfig, TlsEngineFactory> tlsFactory;
    private final TunnelListener listener;
    private final RelayTuning tuning;
    private final AffinityProcessorPool pool;
    private final NioSocketConnector connector;
    private final ExecutorService resolver;
    private final RelayContext context;

    private final Map<String, TunnelService> services = new LinkedHashMap<>();
    private TunnelConfig config;
    private boolean started;
    private boolean stopped;

    private Tunnel(Builder b) {
        this.tlsFactory = b.tlsFactory;
        this.listener = b.listener;
        this.tuning = b.tuning;
        this.pool = new AffinityProcessorPool(b.processors);
        this.connector = new NioSocketConnector(pool);
        TunnelService.configureSessions(connector.getSessionConfig(), tuning);
        connector.setConnectTimeoutMillis(Duration.ofDays(1).toMillis()); // TIMEOUTconnect is per service, ours
        connector.setHandler(new ConnectSideHandler());
        AtomicInteger n = new AtomicInteger();
        this.resolver = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "tunnel-resolver-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.context = new RelayContext(connector, resolver, tuning);
    }

    /**
     * A builder.
     *
     * @param tlsFactory makes a service's TLS engine factory from its configuration; may throw
     *                   (with a message naming the file or option) to reject the service
     */
    public static Builder builder(Function<ServiceConfig, TlsEngineFactory> tlsFactory) {
        return new Builder(tlsFactory);
    }

    /** Builder of a {@link Tunnel}. */
    public static final class Builder {
        private final Function<ServiceConfig, TlsEngineFactory> tlsFactory;
        private TunnelListener listener = TunnelListener.NOOP;
        private RelayTuning tuning = RelayTuning.DEFAULT;
        private int processors = Runtime.getRuntime().availableProcessors();

        private Builder(Function<ServiceConfig, TlsEngineFactory> tlsFactory) {
            this.tlsFactory = Objects.requireNonNull(tlsFactory, "tlsFactory");
        }

        public Builder listener(TunnelListener l) {
            this.listener = Objects.requireNonNull(l);
            return this;
        }

        public Builder tuning(RelayTuning t) {
            this.tuning = Objects.requireNonNull(t);
            return this;
        }

        /** Number of I/O threads (default: one per core). */
        public Builder processors(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("processors must be at least 1");
            }
            this.processors = n;
            return this;
        }

        public Tunnel build() {
            return new Tunnel(this);
        }
    }

    // ------------------------------------------------------------------ start / reload / stop

    /** Prepares and binds every service; on any failure nothing stays bound. */
    public synchronized void start(TunnelConfig cfg) throws TunnelException {
        if (started) {
            throw new IllegalStateException("already started");
        }
        Map<String, ServiceRuntime> runtimes = prepare(cfg);
        List<TunnelService> bound = new ArrayList<>();
        try {
            for (ServiceRuntime rt : runtimes.values()) {
                TunnelService s = new TunnelService(rt, pool, tuning);
                bind(s);
                bound.add(s);
            }
        } catch (TunnelException e) {
            bound.forEach(TunnelService::close);
            throw e;
        }
        bound.forEach(s -> services.put(s.name(), s));
        config = cfg;
        started = true;
    }

    /**
     * Switches to {@code cfg} atomically (see the class comment). On failure the running
     * configuration is untouched, {@link TunnelListener#reloadFailed} is told why, and the same
     * reason is thrown.
     */
    public synchronized void reload(TunnelConfig cfg) throws TunnelException {
        if (!started || stopped) {
            throw new IllegalStateException("not running");
        }
        Path source = cfg.source();
        try {
            reload0(cfg);
        } catch (TunnelException e) {
            listener.reloadFailed(source, e.getMessage());
            throw e;
        }
        listener.reloadSucceeded(source);
    }

    private void reload0(TunnelConfig cfg) throws TunnelException {
        Map<String, ServiceRuntime> next = prepare(cfg);

        // match new services to running listeners: same name and address, else same address
        Map<String, TunnelService> keep = new HashMap<>();
        List<TunnelService> unmatched = new ArrayList<>(services.values());
        for (ServiceRuntime rt : next.values()) {
            TunnelService same = services.get(rt.name());
            if (same != null && unmatched.contains(same) && sameEndpoint(same.accept(), rt.config().accept())) {
                keep.put(rt.name(), same);
                unmatched.remove(same);
            }
        }
        for (ServiceRuntime rt : next.values()) {
            if (keep.containsKey(rt.name())) {
                continue;
            }
            for (TunnelService s : unmatched) {
                if (s.accept().port() != 0 && sameEndpoint(s.accept(), rt.config().accept())) {
                    keep.put(rt.name(), s);
                    unmatched.remove(s);
                    break;
                }
            }
        }

        // bind what is new; undo on failure
        List<TunnelService> fresh = new ArrayList<>();
        try {
            for (ServiceRuntime rt : next.values()) {
                if (!keep.containsKey(rt.name())) {
                    TunnelService s = new TunnelService(rt, pool, tuning);
                    bind(s);
                    fresh.add(s);
                }
            }
        } catch (TunnelException e) {
            fresh.forEach(TunnelService::close);
            throw e;
        }

        // swap
        Map<String, TunnelService> swapped = new LinkedHashMap<>();
        for (ServiceRuntime rt : next.values()) {
            TunnelService s = keep.get(rt.name());
            if (s != null) {
                s.update(rt);
            } else {
                s = fresh.stream().filter(f -> f.name().equals(rt.name())).findFirst().orElseThrow();
            }
            swapped.put(rt.name(), s);
        }
        for (TunnelService s : unmatched) {
            s.close();
        }
        services.clear();
        services.putAll(swapped);
        config = cfg;
    }

    private static boolean sameEndpoint(Endpoint a, Endpoint b) {
        return a.port() == b.port() && a.host().equalsIgnoreCase(b.host());
    }

    /** TLS factories and runtimes for every service of {@code cfg}, nothing bound yet. */
    private Map<String, ServiceRuntime> prepare(TunnelConfig cfg) throws TunnelException {
        if (cfg.services().isEmpty()) {
            throw new TunnelException(where(cfg) + "no services defined");
        }
        Map<String, ServiceRuntime> out = new LinkedHashMap<>();
        for (ServiceConfig sc : cfg.services()) {
            if (out.containsKey(sc.name())) {
                throw new TunnelException(where(cfg) + "Service [" + sc.name() + "]: defined twice");
            }
            TlsEngineFactory tls;
            try {
                tls = tlsFactory.apply(sc);
            } catch (RuntimeException e) {
                String prefix = "Service [" + sc.name() + "]: ";
                String m = message(e); // a TlsConfigException's message names the service already
                throw new TunnelException(where(cfg) + (m.startsWith(prefix) ? m : prefix + m), e);
            }
            try {
                out.put(sc.name(), ServiceRuntime.create(sc, tls, listener, context));
            } catch (IllegalArgumentException e) {
                throw new TunnelException(where(cfg) + e.getMessage(), e);
            }
        }
        return out;
    }

    private static String where(TunnelConfig cfg) {
        return cfg.source() != null ? cfg.source() + ": " : "";
    }

    private static String message(Throwable e) {
        String m = e.getMessage();
        return m != null ? m : e.getClass().getSimpleName();
    }

    private static void bind(TunnelService s) throws TunnelException {
        try {
            s.bind();
        } catch (IOException | RuntimeException e) {
            s.close();
            throw new TunnelException("Service [" + s.name() + "]: cannot listen on " + s.accept().hostPort() + ": "
                    + message(e.getCause() != null ? e.getCause() : e), e);
        }
    }

    /**
     * Stops: no new connections at once; live ones get up to {@code drain} to finish, then are
     * closed (cleanly, with close_notify); then the I/O threads end. Idempotent.
     */
    public void stop(Duration drain) {
        List<TunnelService> toClose;
        synchronized (this) {
            if (stopped) {
                return;
            }
            stopped = true;
            toClose = new ArrayList<>(services.values());
            services.clear();
        }
        toClose.forEach(TunnelService::close);
        long deadline = System.nanoTime() + drain.toNanos();
        waitForNoConnections(deadline);
        for (RelayConnection c : List.copyOf(context.liveConnections())) {
            c.shutdown("tunnel stopped");
        }
        waitForNoConnections(System.nanoTime() + Duration.ofSeconds(2).toNanos());
        connector.dispose(false);
        pool.dispose();
        resolver.shutdownNow();
    }

    private void waitForNoConnections(long deadlineNanos) {
        while (!context.liveConnections().isEmpty() && System.nanoTime() < deadlineNanos) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** {@link #stop(Duration)} without draining. */
    @Override
    public void close() {
        stop(Duration.ZERO);
    }

    // ------------------------------------------------------------------ inspection

    /** The configuration in force. */
    public synchronized TunnelConfig config() {
        return config;
    }

    /** The running services, in configuration order. */
    public synchronized List<TunnelService> services() {
        return List.copyOf(services.values());
    }

    /** Where a service listens (the real port when it was configured as 0). */
    public synchronized InetSocketAddress boundAddress(String service) {
        TunnelService s = services.get(service);
        if (s == null) {
            throw new IllegalArgumentException("no service [" + service + "]");
        }
        return s.boundAddress();
    }

    /** Open connections with their counters, oldest first. */
    public List<ActiveConnection> activeConnections() {
        List<ActiveConnection> out = new ArrayList<>();
        for (RelayConnection c : context.liveConnections()) {
            out.add(c.snapshot());
        }
        out.sort((a, b) -> Long.compare(a.info().id(), b.info().id()));
        return out;
    }

    /** Number of I/O threads. */
    public int processors() {
        return pool.size();
    }
}
