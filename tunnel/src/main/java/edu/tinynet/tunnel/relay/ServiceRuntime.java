package edu.tinynet.tunnel.relay;

import edu.tinynet.tunnel.config.Endpoint;
import edu.tinynet.tunnel.config.Failover;
import edu.tinynet.tunnel.config.ServiceConfig;
import edu.tinynet.tunnel.service.TunnelListener;
import edu.tinynet.tunnel.tls.ServiceTls;
import edu.tinynet.tunnel.tls.TlsEngineFactory;
import edu.tinynet.tunnel.tls.filter.FailureDescriber;
import edu.tinynet.tunnel.tls.filter.FailureReasons;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One service's settings as the data path uses them, fixed for the connections accepted while it
 * is current: config, TLS engine factory, listener, resolved connect addresses. A reload makes a
 * new one; live connections keep theirs.
 */
public final class ServiceRuntime {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ServiceRuntime.class);

    private final ServiceConfig config;
    private final TlsEngineFactory tls;
    private final TunnelListener listener;
    private final RelayContext context;
    private final List<Target> resolved;
    private final InetAddress localAddress;
    private final AtomicInteger roundRobin = new AtomicInteger();

    private ServiceRuntime(ServiceConfig config, TlsEngineFactory tls, TunnelListener listener, RelayContext context,
            List<Target> resolved, InetAddress localAddress) {
        this.config = config;
        this.tls = tls;
        this.listener = listener;
        this.context = context;
        this.resolved = resolved;
        this.localAddress = localAddress;
    }

    /**
     * Checks and prepares a service: socket options, {@code local}, and (unless {@code delay = yes})
     * the connect host names, resolved now.
     *
     * @throws IllegalArgumentException with a message naming the option or host when something is wrong
     */
    public static ServiceRuntime create(ServiceConfig config, TlsEngineFactory tls, TunnelListener listener,
            RelayContext context) {
        Objects.requireNonNull(tls, "tls");
        Prepared p = prepare(config, LOG::warn);
        return new ServiceRuntime(config, tls, listener, context, p.resolved, p.local);
    }

    /**
     * What {@link #create} checks, without creating anything: socket options, {@code local}, and the
     * connect host names unless {@code delay = yes}.
     *
     * @return warnings, such as a connect host that does not resolve now (it is then resolved for
     *         each connection, as stunnel does)
     * @throws IllegalArgumentException naming the service and the option or host at fault
     */
    public static List<String> validate(ServiceConfig config) {
        List<String> warnings = new ArrayList<>();
        prepare(config, warnings::add);
        return warnings;
    }

    private record Prepared(List<Target> resolved, InetAddress local) {
    }

    private static Prepared prepare(ServiceConfig config, java.util.function.Consumer<String> warnings) {
        if (config.connect().isEmpty()) {
            throw new IllegalArgumentException("Service [" + config.name() + "]: no connect address");
        }
        try {
            SocketSettings.validate(config.socketOptions());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Service [" + config.name() + "]: " + e.getMessage());
        }
        InetAddress local = null;
        if (config.local() != null && !config.local().isBlank()) {
            try {
                local = InetAddress.getByName(config.local());
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("Service [" + config.name() + "]: local = " + config.local()
                        + ": cannot resolve: " + e.getMessage());
            }
        }
        List<Target> resolved = null;
        if (!config.delay()) {
            try {
                resolved = resolve(config.connect());
            } catch (UnknownHostException e) {
                // stunnel's behaviour: a name that does not resolve at start is resolved again for
                // each connection (as with delay = yes), so a tunnel can start before DNS is ready
                warnings.accept("Service [" + config.name() + "]: " + e.getMessage()
                        + " at start; it will be resolved for each connection (as with delay = yes)");
                resolved = null;
            }
        }
        return new Prepared(resolved, local);
    }

    /** Every address of every endpoint, in configuration order. */
    static List<Target> resolve(List<Endpoint> endpoints) throws UnknownHostException {
        List<Target> out = new ArrayList<>();
        for (Endpoint e : endpoints) {
            InetAddress[] all;
            try {
                all = InetAddress.getAllByName(e.host());
            } catch (UnknownHostException ex) {
                throw new UnknownHostException("cannot resolve connect host '" + e.host() + "' (" + e.raw() + ")");
            }
            for (InetAddress a : all) {
                out.add(new Target(e, new InetSocketAddress(a, e.port())));
            }
        }
        return out;
    }

    public ServiceConfig config() {
        return config;
    }

    public String name() {
        return config.name();
    }

    public TlsEngineFactory tls() {
        return tls;
    }

    /** How TLS failures of this service are worded: the policy's own, when it has one. */
    FailureDescriber failureDescriber() {
        if (tls instanceof ServiceTls) {
            ServiceTls st = (ServiceTls) tls;
            return (t, clientMode) -> FailureReasons.describe(t, clientMode, st::describeFailure);
        }
        return FailureReasons.DEFAULT;
    }

    public TunnelListener listener() {
        return listener;
    }

    RelayContext context() {
        return context;
    }

    InetAddress localAddress() {
        return localAddress;
    }

    /** True when connect names are resolved for each connection (on the resolver executor). */
    boolean resolvesPerConnection() {
        return resolved == null;
    }

    /**
     * The addresses to try for one connection, in order: configuration order for
     * {@code failover = prio}, rotated by one per connection for {@code rr}. Blocks for name
     * resolution when {@code delay = yes}.
     */
    List<Target> candidates() throws UnknownHostException {
        List<Target> all = resolved != null ? resolved : resolve(config.connect());
        if (config.failover() != Failover.RR || all.size() < 2) {
            return all;
        }
        int start = Math.floorMod(roundRobin.getAndIncrement(), all.size());
        List<Target> rotated = new ArrayList<>(all.size());
        rotated.addAll(all.subList(start, all.size()));
        rotated.addAll(all.subList(0, start));
        return rotated;
    }

    /** One address to try, with the endpoint it came from (whose host name TLS uses). */
    record Target(Endpoint endpoint, InetSocketAddress address) {
    }
}
