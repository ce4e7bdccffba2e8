package edu.tinynet.lab;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The seed's stunnel configurations, and the lab's effective versions of them.
 *
 * <p>The seeds ({@code webserver.conf}, {@code ldaphost.conf}, {@code mailhost.conf},
 * {@code gateway.conf}) are the same files as the tunnel's test resources, packaged into the lab jar.
 * {@link #effective} adapts one to a {@link LabTopology} line by line, keeping the seed's comments
 * and putting each changed line after a {@code ; seed:} comment with the original:
 * <ul>
 *   <li>{@code accept = PORT} is bound to the host's own address and the lab's port;</li>
 *   <li>{@code connect = NAME:PORT} gets the address of the host with that DNS name (no DNS is needed),
 *       or of the hop's tap; {@code connect = PORT} the host's own address;</li>
 *   <li>{@code cert = Site_Cert.pem} points at the host's certificate made by {@code pki lab};</li>
 *   <li>every service gets {@code local} = the host's address, so a server sees which host connects;</li>
 *   <li>every client service verifies its server: {@code CAfile} = TinyNetCA, {@code verifyChain = yes},
 *       {@code checkHost} and {@code sni} = the server's name.</li>
 * </ul>
 * Two services the seed does not have carry the Gateway's relayed mail to MailHost over TLS as
 * well: a client-side {@code [relay]} on the Gateway and a server-side {@code [smtps]} on MailHost
 * that accepts only the Gateway's certificate.
 */
public final class LabConfigs {

    /** Classpath folder of the seed files. */
    public static final String SEED_RESOURCES = "edu/tinynet/lab/seed/";

    /** The Gateway's relay service, added by the lab. */
    public static final String GATEWAY_RELAY_SERVICE = "relay";
    /** MailHost's service for the relayed mail, added by the lab. */
    public static final String MAILHOST_RELAY_SERVICE = "smtps";

    private LabConfigs() {
    }

    /** The seed's configuration of {@code host}, as shipped. */
    public static String seed(LabHost host) {
        String name = SEED_RESOURCES + host.seedFile();
        try (InputStream in = LabConfigs.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("seed configuration " + name + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name, e);
        }
    }

    /** The lab's additions to a host's seed (services the seed does not have), in seed syntax. */
    static String additions(LabHost host, Path caFile) {
        return switch (host) {
            case MAILHOST -> """

                    ; lab: not in the seed. MailHost also takes the Gateway's relayed mail over TLS
                    ; on 465 and hands it to its SMTP server on 587. Only a client presenting the
                    ; Gateway's certificate (gw.tinynet.edu, signed by TinyNetCA) is let in.
                    [%s]
                    accept = 465
                    connect = 587
                    CAfile = %s
                    verifyChain = yes
                    checkHost = gw.tinynet.edu
                    """.formatted(MAILHOST_RELAY_SERVICE, caFile);
            case GATEWAY -> """

                    ; lab: not in the seed. The Gateway's mail server relays to MailHost through this
                    ; client-side tunnel, presenting the Gateway's certificate (cert above).
                    [%s]
                    client = yes
                    accept = 25
                    connect = mail.tinynet.edu:465
                    """.formatted(GATEWAY_RELAY_SERVICE);
            default -> "";
        };
    }

    /**
     * The effective configuration of {@code host}: its seed plus the lab's additions, adapted to
     * {@code topology}. The text is what the lab runs; it is also a valid input for {@code tunnel}
     * and stunnel.
     *
     * @throws IllegalArgumentException when the seed has an {@code accept} or {@code connect} the lab
     *                                  has no endpoint for (naming file, line and value)
     */
    public static String effective(LabHost host, LabTopology topology, LabCertificates certs) {
        return effective(host, seed(host), topology, certs.caFile(), certs.siteCert(host));
    }

    /** {@link #effective(LabHost, LabTopology, LabCertificates)} from any seed text and files. */
    public static String effective(LabHost host, String seedText, LabTopology topology, Path caFile, Path siteCert) {
        String addr = topology.addresses().text(host);
        StringBuilder head = new StringBuilder();
        head.append("; ").append(host.seedFile()).append(" as run by the TinyNet lab: ").append(host.displayName())
                .append(" (").append(host.dnsName()).append(") is ").append(addr).append(" here.\n");
        head.append("; Written from the seed's ").append(host.seedFile())
                .append("; every line the lab changed follows a \"; seed:\" comment with the original.\n");
        if (topology.tap()) {
            head.append("; --tap: connections to other hosts go through the eavesdropper on that hop.\n");
        }
        head.append('\n');
        Rewriter r = new Rewriter(host, topology, caFile, siteCert);
        r.run(seedText + additions(host, caFile));
        return head + String.join("\n", r.out) + "\n";
    }

    private static final class Rewriter {
        private final LabHost host;
        private final LabTopology topo;
        private final Path caFile;
        private final Path siteCert;
        final List<String> out = new ArrayList<>();

        private boolean globalClient;
        private String section;
        private Boolean sectionClient;
        private LabHost sectionTarget;
        private int insertAt = -1;
        private int lineNo;

        Rewriter(LabHost host, LabTopology topo, Path caFile, Path siteCert) {
            this.host = host;
            this.topo = topo;
            this.caFile = caFile;
            this.siteCert = siteCert;
        }

        void run(String text) {
            String[] lines = text.split("\r?\n", -1);
            int n = lines.length;
            while (n > 0 && lines[n - 1].isBlank()) {
                n--;
            }
            for (int i = 0; i < n; i++) {
                lineNo = i + 1;
                line(lines[i]);
            }
            finishSection();
        }

        private void line(String raw) {
            String t = raw.strip();
            if (t.startsWith("[") && t.endsWith("]")) {
                finishSection();
                section = t.substring(1, t.length() - 1).strip();
                sectionClient = null;
                sectionTarget = null;
                out.add(raw);
                insertAt = out.size();
                return;
            }
            int eq = t.indexOf('=');
            if (t.isEmpty() || t.startsWith(";") || t.startsWith("#") || eq < 0) {
                out.add(raw);
                return;
            }
            String key = t.substring(0, eq).strip();
            String value = t.substring(eq + 1).strip();
            switch (key.toLowerCase(Locale.ROOT)) {
                case "client" -> {
                    boolean yes = value.equalsIgnoreCase("yes");
                    if (section == null) {
                        globalClient = yes;
                    } else {
                        sectionClient = yes;
                    }
                    out.add(raw);
                }
                case "accept" -> {
                    LabEndpoint e = endpoint(host, value, "accept");
                    changed(raw, "accept = " + topo.hostPort(e));
                }
                case "connect" -> {
                    LabHost target = host;
                    String port = value;
                    int colon = value.lastIndexOf(':');
                    if (colon >= 0) {
                        String name = value.substring(0, colon);
                        port = value.substring(colon + 1);
                        if (!name.equalsIgnoreCase("localhost") && !name.equals("127.0.0.1")) {
                            target = LabHost.byDnsName(name);
                            if (target == null) {
                                throw new IllegalArgumentException(where() + "connect = " + value + ": " + name
                                        + " is not a lab host (ldap.tinynet.edu, mail.tinynet.edu, gw.tinynet.edu, www.tinynet.edu)");
                            }
                        }
                    }
                    LabEndpoint e = endpoint(target, port, "connect");
                    boolean client = sectionClient != null ? sectionClient : globalClient;
                    LabEndpoint via = client ? topo.connectTarget(e) : e;
                    sectionTarget = target;
                    if (via != e) {
                        out.add("; lab: through the tap on this hop, which forwards to " + topo.hostPort(e));
                    }
                    changed(raw, "connect = " + topo.hostPort(via));
                }
                case "cert" -> changed(raw, "cert = " + siteCert);
                default -> {
                    out.add(raw);
                    if (section != null) {
                        insertAt = out.size();
                    }
                }
            }
        }

        private LabEndpoint endpoint(LabHost on, String value, String option) {
            String portText = value.substring(value.lastIndexOf(':') + 1).strip();
            int port;
            try {
                port = Integer.parseInt(portText);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(where() + option + " = " + value + ": not a port number");
            }
            LabEndpoint ep = LabEndpoint.forSeed(on, port);
            if (ep == null) {
                throw new IllegalArgumentException(where() + option + " = " + value + ": the lab has nothing for port "
                        + port + " on " + on.displayName());
            }
            return ep;
        }

        private String where() {
            return host.seedFile() + ":" + lineNo + ": ";
        }

        private void changed(String raw, String replacement) {
            out.add("; seed: " + raw.strip());
            out.add(replacement);
            if (section != null) {
                insertAt = out.size();
            }
        }

        /** Adds the lab's options after the last option of the section that just ended. */
        private void finishSection() {
            if (section == null) {
                return;
            }
            List<String> add = new ArrayList<>();
            add.add("; lab: connect from " + host.displayName() + "'s own address");
            add.add("local = " + topo.addresses().text(host));
            boolean client = sectionClient != null ? sectionClient : globalClient;
            if (client && sectionTarget != null) {
                String name = sectionTarget.dnsName();
                add.add("; lab: verify the server against TinyNetCA and its name " + name);
                add.add("CAfile = " + caFile);
                add.add("verifyChain = yes");
                add.add("checkHost = " + name);
                add.add("sni = " + name);
            }
            int at = insertAt < 0 ? out.size() : insertAt;
            out.addAll(at, add);
            section = null;
            insertAt = -1;
        }
    }
}
