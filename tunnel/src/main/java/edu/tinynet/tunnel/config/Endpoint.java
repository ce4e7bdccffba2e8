package edu.tinynet.tunnel.config;

import java.util.Objects;

/**
 * A network endpoint as written in stunnel's {@code accept}/{@code connect} options.
 *
 * <p>{@code host} is never null: an {@code accept} without host becomes {@code 0.0.0.0} (all IPv4
 * addresses), {@code :::PORT} becomes {@code ::}, and a {@code connect} without host becomes
 * {@code localhost}. {@code raw} keeps the text as written, for messages.
 */
public record Endpoint(String host, int port, String raw) {

    public Endpoint {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        raw = raw == null ? host + ":" + port : raw;
    }

    /** The same endpoint with {@code offset} added to its port (used by {@code --port-offset}). */
    public Endpoint withPortOffset(int offset) {
        if (offset == 0 || port == 0) {
            return this;
        }
        return new Endpoint(host, port + offset, raw);
    }

    /** {@code host:port}, with IPv6 literals in brackets. */
    public String hostPort() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    @Override
    public String toString() {
        return hostPort();
    }
}
