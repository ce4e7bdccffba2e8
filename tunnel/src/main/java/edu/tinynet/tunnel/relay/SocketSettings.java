package edu.tinynet.tunnel.relay;

import edu.tinynet.tunnel.config.SocketOptionSetting;
import java.util.List;
import java.util.Locale;
import org.apache.mina.transport.socket.SocketAcceptor;
import org.apache.mina.transport.socket.SocketSessionConfig;

/**
 * stunnel's {@code socket = a|l|r:OPTION=VALUE} applied to MINA. {@code a} is the listening
 * socket, {@code l} the accepted (local) one, {@code r} the outgoing (remote) one.
 *
 * <p>Supported: {@code TCP_NODELAY}, {@code SO_KEEPALIVE}, {@code SO_REUSEADDR}, {@code SO_OOBINLINE}
 * (booleans: yes/no/true/false/1/0), {@code SO_RCVBUF}, {@code SO_SNDBUF}, {@code IP_TOS} (numbers),
 * {@code SO_LINGER} ({@code seconds} or stunnel's {@code onoff:seconds}).
 */
public final class SocketSettings {

    private SocketSettings() {
    }

    /** Throws when an option cannot be applied, naming it. */
    public static void validate(List<SocketOptionSetting> settings) {
        for (SocketOptionSetting s : settings) {
            if ("alr".indexOf(s.target()) < 0) {
                throw new IllegalArgumentException("socket = " + describe(s) + ": target must be a, l or r");
            }
            applyOne(s, null, null);
        }
    }

    /** Applies the {@code l} or {@code r} options to a session's config. */
    public static void apply(List<SocketOptionSetting> settings, char target, SocketSessionConfig config) {
        for (SocketOptionSetting s : settings) {
            if (s.target() == target) {
                applyOne(s, config, null);
            }
        }
    }

    /** Applies the {@code a} options to a listening socket. */
    public static void applyToAcceptor(List<SocketOptionSetting> settings, SocketAcceptor acceptor) {
        for (SocketOptionSetting s : settings) {
            if (s.target() == 'a') {
                applyOne(s, null, acceptor);
            }
        }
    }

    private static void applyOne(SocketOptionSetting s, SocketSessionConfig c, SocketAcceptor a) {
        String name = s.name().toUpperCase(Locale.ROOT);
        String v = s.value().trim();
        switch (name) {
            case "TCP_NODELAY" -> {
                boolean b = bool(s, v);
                if (c != null) {
                    c.setTcpNoDelay(b);
                }
            }
            case "SO_KEEPALIVE" -> {
                boolean b = bool(s, v);
                if (c != null) {
                    c.setKeepAlive(b);
                }
            }
            case "SO_OOBINLINE" -> {
                boolean b = bool(s, v);
                if (c != null) {
                    c.setOobInline(b);
                }
            }
            case "SO_REUSEADDR" -> {
                boolean b = bool(s, v);
                if (a != null) {
                    a.setReuseAddress(b);
                } else if (c != null) {
                    c.setReuseAddress(b);
                }
            }
            case "SO_RCVBUF" -> {
                int n = number(s, v);
                if (a != null) {
                    a.getSessionConfig().setReceiveBufferSize(n);
                } else if (c != null) {
                    c.setReceiveBufferSize(n);
                }
            }
            case "SO_SNDBUF" -> {
                int n = number(s, v);
                if (c != null) {
                    c.setSendBufferSize(n);
                }
            }
            case "IP_TOS" -> {
                int n = number(s, v);
                if (c != null) {
                    c.setTrafficClass(n);
                }
            }
            case "SO_LINGER" -> {
                int seconds;
                int colon = v.indexOf(':');
                if (colon >= 0) {
                    boolean on = number(s, v.substring(0, colon)) != 0;
                    seconds = on ? number(s, v.substring(colon + 1)) : -1;
                } else {
                    seconds = number(s, v);
                }
                if (c != null) {
                    c.setSoLinger(seconds);
                }
            }
            default -> throw new IllegalArgumentException("socket = " + describe(s) + ": option " + s.name()
                    + " is not supported (use TCP_NODELAY, SO_KEEPALIVE, SO_REUSEADDR, SO_OOBINLINE,"
                    + " SO_RCVBUF, SO_SNDBUF, IP_TOS or SO_LINGER)");
        }
    }

    private static boolean bool(SocketOptionSetting s, String v) {
        switch (v.toLowerCase(Locale.ROOT)) {
            case "yes", "true", "1", "on":
                return true;
            case "no", "false", "0", "off":
                return false;
            default:
                throw new IllegalArgumentException("socket = " + describe(s) + ": expected yes or no");
        }
    }

    private static int number(SocketOptionSetting s, String v) {
        try {
            int n = Integer.parseInt(v.trim());
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("socket = " + describe(s) + ": expected a non-negative number");
        }
    }

    private static String describe(SocketOptionSetting s) {
        return s.target() + ":" + s.name() + "=" + s.value();
    }
}
