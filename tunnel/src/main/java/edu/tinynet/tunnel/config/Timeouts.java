package edu.tinynet.tunnel.config;

import java.time.Duration;

/**
 * stunnel's TIMEOUT* options for one service.
 *
 * @param busy    {@code TIMEOUTbusy}: longest wait for expected data (handshake, a pending write)
 * @param close   {@code TIMEOUTclose}: longest wait for close_notify / the peer's close
 * @param connect {@code TIMEOUTconnect}: longest wait for a connect to the remote host
 * @param idle    {@code TIMEOUTidle}: longest time a connection may carry no data
 */
public record Timeouts(Duration busy, Duration close, Duration connect, Duration idle) {

    /** stunnel's defaults: busy 300 s, close 60 s, connect 10 s, idle 43200 s. */
    public static final Timeouts DEFAULTS = new Timeouts(
            Duration.ofSeconds(300), Duration.ofSeconds(60), Duration.ofSeconds(10), Duration.ofSeconds(43200));
}
