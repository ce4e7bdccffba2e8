package edu.tinynet.tunnel.config;

/**
 * One {@code socket = a|l|r:OPTION=VALUE} line.
 *
 * @param target {@code a} (accepting socket), {@code l} (local/accepted socket) or {@code r} (remote socket)
 * @param name   option name, e.g. {@code TCP_NODELAY}, {@code SO_KEEPALIVE}, {@code SO_LINGER}
 * @param value  value as written
 */
public record SocketOptionSetting(char target, String name, String value) {
}
