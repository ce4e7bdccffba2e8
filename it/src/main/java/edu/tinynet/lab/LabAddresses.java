package edu.tinynet.lab;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.util.EnumMap;
import java.util.Map;

/**
 * Which loopback address each host uses. On Linux all of 127.0.0.0/8 is local, so every host gets
 * its own (WebServer 127.0.0.1, LDAPhost 127.0.0.2, MailHost 127.0.0.3, Gateway 127.0.0.4) and a
 * server sees from which host a connection comes. Where only 127.0.0.1 exists (macOS by default)
 * every host uses 127.0.0.1 and the ports keep them apart.
 *
 * @param perHost the address of each host
 * @param single  true when all hosts share 127.0.0.1
 */
public record LabAddresses(Map<LabHost, InetAddress> perHost, boolean single) {

    public LabAddresses {
        perHost = Map.copyOf(perHost);
    }

    /** One address per host when 127.0.0.2..4 can be bound here, else {@link #singleAddress()}. */
    public static LabAddresses detect() {
        for (LabHost h : LabHost.values()) {
            if (!bindable(address(h.preferredAddress()))) {
                return singleAddress();
            }
        }
        return perHostAddresses();
    }

    /** Every host on its own 127.0.0.x address (no check). */
    public static LabAddresses perHostAddresses() {
        Map<LabHost, InetAddress> m = new EnumMap<>(LabHost.class);
        for (LabHost h : LabHost.values()) {
            m.put(h, address(h.preferredAddress()));
        }
        return new LabAddresses(m, false);
    }

    /** Every host on 127.0.0.1. */
    public static LabAddresses singleAddress() {
        Map<LabHost, InetAddress> m = new EnumMap<>(LabHost.class);
        for (LabHost h : LabHost.values()) {
            m.put(h, address("127.0.0.1"));
        }
        return new LabAddresses(m, true);
    }

    /** The host's address. */
    public InetAddress of(LabHost host) {
        return perHost.get(host);
    }

    /** The host's address as text, e.g. {@code 127.0.0.2}. */
    public String text(LabHost host) {
        return of(host).getHostAddress();
    }

    /** A line for the start-up output. */
    public String describe() {
        return single ? "all hosts on 127.0.0.1 (127.0.0.2 is not available here), told apart by port"
                : "one loopback address per host: WebServer 127.0.0.1, LDAPhost 127.0.0.2, MailHost 127.0.0.3, Gateway 127.0.0.4";
    }

    private static boolean bindable(InetAddress a) {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(a, 0));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(literal, e);
        }
    }
}
