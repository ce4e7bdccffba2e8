package edu.tinynet.lab;

/**
 * Every listening socket of the lab: which host it is on, which port of the seed it stands for,
 * and what it is. Ports are the seed's plus the lab's offset (10000 by default); see {@link LabPorts}.
 *
 * <p>{@code multiShift} is added on top when every host has its own address (only the taps need
 * it: they share their target host's address); {@code singleShift} when all hosts share 127.0.0.1
 * and ports must differ across hosts.
 */
public enum LabEndpoint {

    /** WebServer's LDAP client side: the web applications' {@code ldap://127.0.0.1:10389}. */
    WEB_LDAP(LabHost.WEBSERVER, 389, "ldap", Kind.CLIENT_TUNNEL, 0, 0),
    /** WebServer's IMAP client side. */
    WEB_IMAP(LabHost.WEBSERVER, 143, "imap", Kind.CLIENT_TUNNEL, 0, 0),
    /** WebServer's SMTP client side. */
    WEB_SMTP(LabHost.WEBSERVER, 587, "smtp", Kind.CLIENT_TUNNEL, 0, 0),

    /** LDAPhost's LDAPS: the server side of the LDAP tunnel. */
    LDAP_TLS(LabHost.LDAPHOST, 636, "ldaps", Kind.SERVER_TUNNEL, 0, 0),
    /** LDAPhost's directory server (plaintext LDAP). */
    LDAP_BACKEND(LabHost.LDAPHOST, 389, "ldap", Kind.BACKEND, 0, 1000),

    /** MailHost's IMAPS: the server side of the IMAP tunnel. */
    MAIL_IMAPS(LabHost.MAILHOST, 993, "imaps", Kind.SERVER_TUNNEL, 0, 0),
    /** MailHost's IMAP server (plaintext). */
    MAIL_IMAP_BACKEND(LabHost.MAILHOST, 143, "imap", Kind.BACKEND, 0, 2000),
    /** MailHost's SMTPS for the Gateway's relayed mail: the server side of the relay tunnel. */
    MAIL_SMTPS(LabHost.MAILHOST, 465, "smtps", Kind.SERVER_TUNNEL, 0, 2000),
    /** MailHost's SMTP server (plaintext), where relayed mail is delivered. */
    MAIL_SMTP_BACKEND(LabHost.MAILHOST, 587, "smtp", Kind.BACKEND, 0, 2000),

    /** Gateway's SMTPS: the server side of the SMTP tunnel. */
    GW_SMTPS(LabHost.GATEWAY, 465, "smtps", Kind.SERVER_TUNNEL, 0, 0),
    /** Gateway's mail submission server (plaintext SMTP), which relays to MailHost. */
    GW_SMTP_BACKEND(LabHost.GATEWAY, 587, "smtp", Kind.BACKEND, 0, 3000),
    /** Gateway's relay port: the client side of the Gateway to MailHost tunnel. */
    GW_RELAY(LabHost.GATEWAY, 25, "smtp", Kind.CLIENT_TUNNEL, 0, 3000),

    /** The tap on the WebServer to LDAPhost hop (on LDAPhost's address). */
    TAP_LDAP(LabHost.LDAPHOST, 636, "tap", Kind.TAP, 5000, 5000),
    /** The tap on the WebServer to MailHost hop. */
    TAP_IMAP(LabHost.MAILHOST, 993, "tap", Kind.TAP, 5000, 5000),
    /** The tap on the WebServer to Gateway hop. */
    TAP_SMTP(LabHost.GATEWAY, 465, "tap", Kind.TAP, 5000, 5000),
    /** The tap on the Gateway to MailHost hop. */
    TAP_RELAY(LabHost.MAILHOST, 465, "tap", Kind.TAP, 5000, 7000);

    /** What listens there. */
    public enum Kind {
        /** plaintext in, TLS out (stunnel {@code client = yes}) */
        CLIENT_TUNNEL,
        /** TLS in, plaintext out */
        SERVER_TUNNEL,
        /** a server application (LDAP, IMAP, SMTP), plaintext */
        BACKEND,
        /** the eavesdropper on a hop */
        TAP
    }

    private final LabHost host;
    private final int seedPort;
    private final String protocol;
    private final Kind kind;
    private final int multiShift;
    private final int singleShift;

    LabEndpoint(LabHost host, int seedPort, String protocol, Kind kind, int multiShift, int singleShift) {
        this.host = host;
        this.seedPort = seedPort;
        this.protocol = protocol;
        this.kind = kind;
        this.multiShift = multiShift;
        this.singleShift = singleShift;
    }

    public LabHost host() {
        return host;
    }

    /** The port the seed uses for this (for a tap: the port of the hop it watches). */
    public int seedPort() {
        return seedPort;
    }

    /** What is spoken there: {@code ldap}, {@code ldaps}, {@code imap}, ..., {@code tap}. */
    public String protocol() {
        return protocol;
    }

    public Kind kind() {
        return kind;
    }

    int shift(boolean singleAddress) {
        return singleAddress ? singleShift : multiShift;
    }

    /** What listens there, for messages: e.g. {@code LDAPhost directory server (LDAP)}. */
    public String title() {
        return switch (this) {
            case WEB_LDAP -> "WebServer tunnel, LDAP client side";
            case WEB_IMAP -> "WebServer tunnel, IMAP client side";
            case WEB_SMTP -> "WebServer tunnel, SMTP client side";
            case LDAP_TLS -> "LDAPhost tunnel, LDAPS server side";
            case LDAP_BACKEND -> "LDAPhost directory server (LDAP)";
            case MAIL_IMAPS -> "MailHost tunnel, IMAPS server side";
            case MAIL_IMAP_BACKEND -> "MailHost IMAP server";
            case MAIL_SMTPS -> "MailHost tunnel, SMTPS server side for the Gateway's relay";
            case MAIL_SMTP_BACKEND -> "MailHost SMTP server";
            case GW_SMTPS -> "Gateway tunnel, SMTPS server side";
            case GW_SMTP_BACKEND -> "Gateway SMTP server";
            case GW_RELAY -> "Gateway tunnel, relay client side";
            case TAP_LDAP -> "tap WebServer->LDAPhost";
            case TAP_IMAP -> "tap WebServer->MailHost";
            case TAP_SMTP -> "tap WebServer->Gateway";
            case TAP_RELAY -> "tap Gateway->MailHost";
        };
    }

    /** The endpoint a seed {@code accept}/{@code connect} means: on {@code host}, seed port {@code port}; null if none. */
    public static LabEndpoint forSeed(LabHost host, int port) {
        for (LabEndpoint e : values()) {
            if (e.kind != Kind.TAP && e.host == host && e.seedPort == port) {
                return e;
            }
        }
        return null;
    }
}
