package edu.tinynet.lab.host;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The four TinyNet hosts the runner can be. */
public enum Role {

    /** Client side of the tunnels: plaintext LDAP, IMAP and SMTP in, TLS out to the three servers. */
    WEBSERVER("webserver", "www.tinynet.edu", false),
    /** The directory (LDAP on loopback 389) behind LDAPS 636. */
    LDAPHOST("ldaphost", "ldap.tinynet.edu", true),
    /** Mailboxes (IMAP on loopback 143, SMTP on loopback 25) behind IMAPS 993 and the relay port 465. */
    MAILHOST("mailhost", "mail.tinynet.edu", true),
    /** Mail submission (SMTP on loopback 587) behind SMTPS 465; relays to the MailHost over TLS. */
    GATEWAY("gateway", "gw.tinynet.edu", true);

    private final String id;
    private final String hostName;
    private final boolean presentsCertificate;

    Role(String id, String hostName, boolean presentsCertificate) {
        this.id = id;
        this.hostName = hostName;
        this.presentsCertificate = presentsCertificate;
    }

    /** The name used on the command line and for the seed file ({@code <id>.conf}). */
    public String id() {
        return id;
    }

    /** The host's DNS name on the lab network, also its directory in the lab PKI. */
    public String hostName() {
        return hostName;
    }

    /** Whether the host's tunnel presents its own certificate ({@code cert = Site_Cert.pem}). */
    public boolean presentsCertificate() {
        return presentsCertificate;
    }

    /** The role called {@code id}, case-insensitively. */
    public static Role of(String id) {
        for (Role r : values()) {
            if (r.id.equalsIgnoreCase(id)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown host '" + id + "': expected one of " + names());
    }

    /** {@code webserver, ldaphost, mailhost, gateway}. */
    public static String names() {
        return Arrays.stream(values()).map(Role::id).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return id.toLowerCase(Locale.ROOT);
    }
}
