package edu.tinynet.tunnel.service;

import java.net.InetSocketAddress;

/**
 * Who a connection is, fixed at accept time; every connection event carries it.
 *
 * @param id         process-wide sequential number (stunnel's {@code LOG5[id]})
 * @param service    the service (section) name
 * @param clientMode {@code client = yes}: plaintext accepted, TLS connected
 * @param peer       the accepted connection's remote address
 * @param local      the accepted connection's local address
 * @param debugLevel the service's log level (0..7), for listeners that log
 */
public record ConnectionInfo(long id, String service, boolean clientMode, InetSocketAddress peer,
        InetSocketAddress local, int debugLevel) {
}
