package edu.tinynet.lab;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * Where everything of one lab listens: the hosts' addresses, the ports, and whether taps sit on the
 * hops between hosts (then each hop's client connects to the tap, which forwards to the server).
 *
 * @param addresses the hosts' addresses
 * @param ports     every endpoint's port
 * @param tap       true when taps are on the hops
 */
public record LabTopology(LabAddresses addresses, LabPorts ports, boolean tap) {

    /**
     * A network hop between two hosts, where the eavesdropper sits.
     *
     * @param name    e.g. {@code webserver->ldaphost}
     * @param from    the connecting host
     * @param to      the host connected to
     * @param target  the server side on {@code to}
     * @param tapAt   where the hop's tap listens
     */
    public record Hop(String name, LabHost from, LabHost to, LabEndpoint target, LabEndpoint tapAt) {
    }

    /** The four hops: WebServer to each server host, and Gateway to MailHost. */
    public static final List<Hop> HOPS = List.of(
            new Hop("webserver->ldaphost", LabHost.WEBSERVER, LabHost.LDAPHOST, LabEndpoint.LDAP_TLS, LabEndpoint.TAP_LDAP),
            new Hop("webserver->mailhost", LabHost.WEBSERVER, LabHost.MAILHOST, LabEndpoint.MAIL_IMAPS, LabEndpoint.TAP_IMAP),
            new Hop("webserver->gateway", LabHost.WEBSERVER, LabHost.GATEWAY, LabEndpoint.GW_SMTPS, LabEndpoint.TAP_SMTP),
            new Hop("gateway->mailhost", LabHost.GATEWAY, LabHost.MAILHOST, LabEndpoint.MAIL_SMTPS, LabEndpoint.TAP_RELAY));

    /** The endpoint's socket address. */
    public InetSocketAddress socket(LabEndpoint e) {
        return new InetSocketAddress(addresses.of(e.host()), ports.port(e));
    }

    /** {@code 127.0.0.2:10636}. */
    public String hostPort(LabEndpoint e) {
        return addresses.text(e.host()) + ":" + ports.port(e);
    }

    /** The hop whose server side is {@code target}, or null. */
    public static Hop hopTo(LabEndpoint target) {
        for (Hop h : HOPS) {
            if (h.target() == target) {
                return h;
            }
        }
        return null;
    }

    /** Where a client of {@code target} connects: the hop's tap when taps are on, else the target itself. */
    public LabEndpoint connectTarget(LabEndpoint target) {
        Hop h = hopTo(target);
        return tap && h != null ? h.tapAt() : target;
    }
}
