package edu.tinynet.lab;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The port of every {@link LabEndpoint}: the seed's port plus an offset (10000 by default, 0 for
 * {@code --real-ports}), or ports the system chooses (for tests that run beside other programs).
 */
public final class LabPorts {

    /** The default offset: WebServer's applications use 10389, 10143 and 10587. */
    public static final int DEFAULT_OFFSET = 10_000;

    private final Map<LabEndpoint, Integer> ports;
    private final Integer offset;

    private LabPorts(Map<LabEndpoint, Integer> ports, Integer offset) {
        this.ports = Map.copyOf(ports);
        this.offset = offset;
    }

    /**
     * Seed port + {@code offset} (+ the endpoint's shift).
     *
     * @throws IllegalArgumentException when a port would leave 1..65535 or two endpoints on one address collide
     */
    public static LabPorts offset(int offset, LabAddresses addresses) {
        if (offset < 0) {
            throw new IllegalArgumentException("port offset " + offset + " is negative");
        }
        Map<LabEndpoint, Integer> m = new EnumMap<>(LabEndpoint.class);
        for (LabEndpoint e : LabEndpoint.values()) {
            int p = e.seedPort() + offset + e.shift(addresses.single());
            if (p > 65535) {
                throw new IllegalArgumentException("port offset " + offset + " is too large: " + e + " would be on port "
                        + p + " (at most " + (65535 - (p - offset)) + ")");
            }
            m.put(e, p);
        }
        Map<String, LabEndpoint> seen = new HashMap<>();
        for (Map.Entry<LabEndpoint, Integer> en : m.entrySet()) {
            String key = addresses.text(en.getKey().host()) + ":" + en.getValue();
            LabEndpoint other = seen.putIfAbsent(key, en.getKey());
            if (other != null) {
                throw new IllegalStateException("lab layout: " + other + " and " + en.getKey() + " both on " + key);
            }
        }
        return new LabPorts(m, offset);
    }

    /**
     * A free port for every endpoint, each found by binding port 0 on its host's address; all are
     * held until every one is chosen, so none is handed out twice.
     */
    public static LabPorts free(LabAddresses addresses) throws IOException {
        Map<LabEndpoint, Integer> m = new EnumMap<>(LabEndpoint.class);
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (LabEndpoint e : LabEndpoint.values()) {
                ServerSocket s = new ServerSocket();
                held.add(s);
                s.bind(new InetSocketAddress(addresses.of(e.host()), 0));
                m.put(e, s.getLocalPort());
            }
        } finally {
            for (ServerSocket s : held) {
                s.close();
            }
        }
        return new LabPorts(m, null);
    }

    /** The endpoint's port. */
    public int port(LabEndpoint e) {
        return ports.get(e);
    }

    /** The offset, or null when the ports were chosen free. */
    public Integer offset() {
        return offset;
    }
}
