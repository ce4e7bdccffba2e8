package edu.tinynet.tunnel.config;

import java.util.List;

/**
 * One {@code [service]} section, with the global section's service-level defaults applied.
 *
 * @param name       the section name
 * @param location   where the section header is
 * @param client     {@code client = yes}: plaintext in, TLS out
 * @param accept     where to listen
 * @param connect    where to connect, in order (at least one)
 * @param failover   how several connect addresses are used
 * @param delay      resolve connect host names for each connection instead of at start
 * @param local      source address for outgoing connections, or null
 * @param tls        TLS parameters
 * @param timeouts   TIMEOUT* options
 * @param debugLevel stunnel log level 0..7 for this service (default 5, notice)
 * @param socketOptions {@code socket} options
 * @param reset      signal errors with a TCP RST ({@code reset = yes}, stunnel's default)
 */
public record ServiceConfig(String name, SourceLocation location, boolean client, Endpoint accept,
        List<Endpoint> connect, Failover failover, boolean delay, String local, TlsSettings tls,
        Timeouts timeouts, int debugLevel, List<SocketOptionSetting> socketOptions, boolean reset) {

    public ServiceConfig {
        connect = List.copyOf(connect);
        socketOptions = List.copyOf(socketOptions);
    }

    /** The same service with every port shifted by {@code offset} ({@code --port-offset}). */
    public ServiceConfig withPortOffset(int offset) {
        return new ServiceConfig(name, location, client, accept.withPortOffset(offset),
                connect.stream().map(e -> e.withPortOffset(offset)).toList(), failover, delay, local, tls,
                timeouts, debugLevel, socketOptions, reset);
    }
}
