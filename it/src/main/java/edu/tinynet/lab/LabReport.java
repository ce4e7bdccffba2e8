package edu.tinynet.lab;

import edu.tinynet.lab.tap.TapSummary;
import edu.tinynet.lab.tap.TlsRecordScanner;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the lab tells its user: the table of what listens where, copy-paste commands for the real
 * client tools, tap summaries, and all of it as JSON for scripts ({@code --status-file}).
 */
public final class LabReport {

    private LabReport() {
    }

    /** The start-up table: host, service, listen address, forwards to, TLS or plain. */
    public static String table(Lab lab) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"HOST", "SERVICE", "LISTEN", "FORWARDS TO", "TLS"});
        for (LabService s : lab.services()) {
            rows.add(new String[] {s.host(), s.service(), s.listen(), s.forwardsTo(), s.tls()});
        }
        int[] w = new int[5];
        for (String[] r : rows) {
            for (int i = 0; i < 5; i++) {
                w[i] = Math.max(w[i], r[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < 5; i++) {
                line.append(i < 4 ? pad(r[i], w[i] + 2) : r[i]);
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        return sb.toString();
    }

    private static String pad(String s, int n) {
        return s + " ".repeat(Math.max(0, n - s.length()));
    }

    /**
     * Commands that work as printed, one per line, with the demo user's credentials: ldapsearch,
     * curl SMTP (send a mail to the demo user through the Gateway), curl IMAP (read it at MailHost),
     * and openssl s_client to LDAPhost's server side (TLS only).
     */
    public static List<String> commands(Lab lab) {
        Lab.User u = lab.demoUser();
        String host = lab.clientHost();
        List<String> out = new ArrayList<>();
        out.add("ldapsearch -x -H ldap://" + host + ":" + lab.ldapPort() + " -D " + sh(u.dn()) + " -w "
                + sh(u.password()) + " -b " + sh("ou=people," + lab.baseDn()) + " " + sh("(uid=bob)")
                + " cn mail telephoneNumber");
        String mail = "From: " + u.email() + "\\r\\nTo: " + u.email() + "\\r\\nSubject: hello through the tunnels"
                + "\\r\\n\\r\\nMeet me at the tunnel entrance at noon.\\r\\n";
        out.add("printf " + sh(mail) + " | curl -sS --url smtp://" + host + ":" + lab.smtpPort() + " --user "
                + sh(u.login() + ":" + u.password()) + " --mail-from " + u.email() + " --mail-rcpt " + u.email()
                + " -T -");
        out.add("curl -sS --url " + sh("imap://" + host + ":" + lab.imapPort() + "/INBOX;UID=1") + " --user "
                + sh(u.login() + ":" + u.password()));
        if (lab.tls()) {
            out.add("openssl s_client -connect " + lab.topology().hostPort(LabEndpoint.LDAP_TLS) + " -servername "
                    + LabHost.LDAPHOST.dnsName() + " -verify_hostname " + LabHost.LDAPHOST.dnsName() + " -CAfile "
                    + sh(lab.certificates().caFile().toString()) + " -verify_return_error -brief </dev/null");
        }
        return out;
    }

    /** The commands with a line saying what each one does. */
    public static String commandsText(Lab lab) {
        List<String> c = commands(lab);
        StringBuilder sb = new StringBuilder();
        sb.append("# look up bob in the address book (LDAP -> WebServer tunnel -> LDAPhost)\n").append(c.get(0)).append('\n');
        sb.append("# send a mail (SMTP -> WebServer tunnel -> Gateway -> relay tunnel -> MailHost)\n").append(c.get(1)).append('\n');
        sb.append("# read it back (IMAP -> WebServer tunnel -> MailHost)\n").append(c.get(2)).append('\n');
        if (c.size() > 3) {
            sb.append("# look at LDAPhost's TLS side as a client would, verifying TinyNetCA and the name\n")
                    .append(c.get(3)).append('\n');
        }
        return sb.toString();
    }

    /** Single-quotes for a POSIX shell when needed. */
    static String sh(String s) {
        if (s.matches("[A-Za-z0-9_@%+=:,./-]+")) {
            return s;
        }
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /** Every tap's summary as text (nothing when the lab runs without taps). */
    public static String taps(List<TapSummary> summaries) {
        StringBuilder sb = new StringBuilder();
        for (TapSummary s : summaries) {
            s.render().forEach(l -> sb.append(l).append('\n'));
        }
        return sb.toString();
    }

    /** The status as a JSON-ready map (see {@link #statusJson}). */
    public static Map<String, Object> status(Lab lab, List<TapSummary> summaries, String state) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("state", state);
        m.put("mode", lab.tls() ? "tls" : "no-tls");
        m.put("tap", lab.tapEnabled());
        m.put("startedAt", lab.startedAt().toString());
        m.put("startupMillis", lab.startupTime() != null ? lab.startupTime().toMillis() : null);
        m.put("pid", ProcessHandle.current().pid());
        m.put("workDirectory", lab.workDirectory().toString());
        m.put("caFile", lab.certificates().caFile().toString());
        m.put("singleAddress", lab.topology().addresses().single());
        m.put("portOffset", lab.topology().ports().offset());

        List<Object> hosts = new ArrayList<>();
        for (LabHost h : LabHost.values()) {
            Map<String, Object> hm = new LinkedHashMap<>();
            hm.put("name", h.displayName());
            hm.put("dnsName", h.dnsName());
            hm.put("address", lab.topology().addresses().text(h));
            hm.put("config", lab.tls() ? lab.configFile(h).toString() : null);
            hm.put("log", lab.logFile(h).toString());
            hm.put("certificate", lab.certificates().siteCert(h).toString());
            hosts.add(hm);
        }
        m.put("hosts", hosts);

        List<Object> services = new ArrayList<>();
        for (LabService s : lab.services()) {
            Map<String, Object> sm = new LinkedHashMap<>();
            sm.put("host", s.host());
            sm.put("service", s.service());
            sm.put("endpoint", s.endpoint() != null ? s.endpoint().name() : null);
            sm.put("listen", s.listen());
            sm.put("forwardsTo", s.forwardsTo());
            sm.put("via", s.via());
            sm.put("tls", s.tls());
            services.add(sm);
        }
        m.put("services", services);

        Map<String, Object> clients = new LinkedHashMap<>();
        clients.put("ldap", client(lab.clientHost(), lab.ldapPort(), lab.ldapUrl()));
        clients.put("imap", client(lab.clientHost(), lab.imapPort(), lab.imapUrl()));
        clients.put("smtp", client(lab.clientHost(), lab.smtpPort(), lab.smtpUrl()));
        m.put("clients", clients);

        Lab.User u = lab.demoUser();
        Map<String, Object> demo = new LinkedHashMap<>();
        demo.put("uid", u.uid());
        demo.put("dn", u.dn());
        demo.put("mail", u.email());
        demo.put("login", u.login());
        demo.put("password", u.password());
        m.put("demoUser", demo);
        m.put("baseDn", lab.baseDn());
        m.put("commands", commands(lab));

        List<Object> taps = new ArrayList<>();
        for (TapSummary s : summaries) {
            Map<String, Object> tm = new LinkedHashMap<>();
            tm.put("hop", s.hop());
            tm.put("connections", s.connections());
            tm.put("bytes", s.bytes());
            Map<String, Object> rec = new LinkedHashMap<>();
            for (Map.Entry<TlsRecordScanner.ContentType, Long> e : s.recordsByType().entrySet()) {
                rec.put(e.getKey().name().toLowerCase(Locale.ROOT), e.getValue());
            }
            tm.put("tlsRecords", rec);
            tm.put("allTls", s.allTls());
            tm.put("notTls", s.problems());
            tm.put("longestPrintable", s.longestPrintable());
            tm.put("secretsSeen", s.leaked());
            taps.add(tm);
        }
        m.put("taps", taps);
        return m;
    }

    private static Map<String, Object> client(String host, int port, String url) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("host", host);
        m.put("port", port);
        m.put("url", url);
        return m;
    }

    /** {@link #status} as JSON text. */
    public static String statusJson(Lab lab, List<TapSummary> summaries, String state) {
        return Json.write(status(lab, summaries, state));
    }
}
