package edu.tinynet.lab;

import java.util.Locale;

/**
 * The four hosts of the TinyNet lab. In the embedded lab each one gets its own loopback address
 * (see {@link LabAddresses}); its TLS side uses the certificate {@code pki lab} made for its name.
 */
public enum LabHost {

    /** The web server: its applications talk plaintext to local tunnels (the seed's client side). */
    WEBSERVER("WebServer", "www.tinynet.edu", "webserver.conf", 1),
    /** The directory server behind LDAPS. */
    LDAPHOST("LDAPhost", "ldap.tinynet.edu", "ldaphost.conf", 2),
    /** The mailbox server behind IMAPS; it also accepts the Gateway's relayed mail. */
    MAILHOST("MailHost", "mail.tinynet.edu", "mailhost.conf", 3),
    /** The mail submission gateway behind SMTPS; it relays to MailHost. */
    GATEWAY("Gateway", "gw.tinynet.edu", "gateway.conf", 4);

    private final String displayName;
    private final String dnsName;
    private final String seedFile;
    private final int lastOctet;

    LabHost(String displayName, String dnsName, String seedFile, int lastOctet) {
        this.displayName = displayName;
        this.dnsName = dnsName;
        this.seedFile = seedFile;
        this.lastOctet = lastOctet;
    }

    /** e.g. {@code LDAPhost}, as the seed and the table write it. */
    public String displayName() {
        return displayName;
    }

    /** The host's DNS name, also the name in its certificate, e.g. {@code ldap.tinynet.edu}. */
    public String dnsName() {
        return dnsName;
    }

    /** The seed's stunnel configuration of this host, e.g. {@code ldaphost.conf}. */
    public String seedFile() {
        return seedFile;
    }

    /** The host's own loopback address when 127/8 is available: 127.0.0.1 .. 127.0.0.4. */
    public String preferredAddress() {
        return "127.0.0." + lastOctet;
    }

    /** Lower-case id for file names and JSON, e.g. {@code ldaphost}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The host whose DNS name is {@code name}, or null. */
    public static LabHost byDnsName(String name) {
        for (LabHost h : values()) {
            if (h.dnsName.equalsIgnoreCase(name)) {
                return h;
            }
        }
        return null;
    }

    /** The host by display name or id, case-insensitive (e.g. {@code ldaphost}, {@code LDAPhost}). */
    public static LabHost parse(String name) {
        for (LabHost h : values()) {
            if (h.displayName.equalsIgnoreCase(name) || h.name().equalsIgnoreCase(name)
                    || h.dnsName.equalsIgnoreCase(name)) {
                return h;
            }
        }
        throw new IllegalArgumentException("no lab host \"" + name + "\" (hosts: WebServer, LDAPhost, MailHost, Gateway)");
    }

    @Override
    public String toString() {
        return displayName;
    }
}
