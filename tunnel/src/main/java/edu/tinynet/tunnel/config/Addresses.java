package edu.tinynet.tunnel.config;

/**
 * Parses stunnel's {@code [HOST:]PORT} address syntax for {@code accept} and {@code connect}.
 *
 * <p>Accepted forms: {@code PORT}, {@code HOST:PORT}, {@code :::PORT} (all IPv6 addresses),
 * {@code [IPV6]:PORT} and an unbracketed IPv6 literal followed by {@code :PORT} (the port is what
 * follows the last colon, as in stunnel). Host names are kept as written, never resolved here.
 */
final class Addresses {

    /** {@code accept} without a host listens on all IPv4 addresses. */
    static final String ANY_IPV4 = "0.0.0.0";
    /** {@code connect} without a host goes to the local machine. */
    static final String LOCALHOST = "localhost";

    private Addresses() {
    }

    static Endpoint accept(String value, ValueContext ctx) throws OptionValueException {
        return parse(value, ctx, ANY_IPV4, 0);
    }

    static Endpoint connect(String value, ValueContext ctx) throws OptionValueException {
        return parse(value, ctx, LOCALHOST, 1);
    }

    private static Endpoint parse(String value, ValueContext ctx, String defaultHost, int minPort)
            throws OptionValueException {
        if (value.startsWith("/") || value.startsWith("@")) {
            throw ctx.unsupported("Unix socket addresses are not supported (\"" + value + "\" for " + ctx.option() + ")");
        }
        int colon = value.lastIndexOf(':');
        String host = colon < 0 ? "" : value.substring(0, colon);
        String port = colon < 0 ? value : value.substring(colon + 1);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
            if (!host.contains(":") || !Values.isIpLiteral(host)) {
                throw ctx.illegal("IPv6 address", host, "brackets are only for IPv6 literals");
            }
        } else if (host.contains(":")) {
            if (!Values.isIpLiteral(host)) {
                throw ctx.illegal("IPv6 address", host, null);
            }
        } else if (!host.isEmpty() && (!Values.isHostName(host) || host.contains("*"))) {
            throw ctx.illegal("host name", host, null);
        }
        int portNumber = port(port, ctx, minPort);
        return new Endpoint(host.isEmpty() ? defaultHost : host, portNumber, value);
    }

    private static int port(String port, ValueContext ctx, int minPort) throws OptionValueException {
        String hint = "use " + minPort + "..65535";
        if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(Character::isDigit)) {
            throw ctx.illegal("port number", port, hint);
        }
        int n = Integer.parseInt(port);
        if (n < minPort || n > 65535) {
            throw ctx.illegal("port number", port, hint);
        }
        return n;
    }
}
