package edu.tinynet.lab;

import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import javax.naming.Context;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.InitialDirContext;
import javax.naming.directory.SearchControls;
import javax.naming.directory.SearchResult;

/**
 * The web applications of WebServer: JNDI for the directory and Jakarta Mail for mail, talking
 * plaintext to WebServer's client-side tunnels on 127.0.0.1, as the seed's web application does.
 */
final class LabClients {

    /** The client's own read timeout; a lab problem must fail a client well before it. */
    static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    private LabClients() {
    }

    /** An LDAP simple bind as {@code user} through WebServer's tunnel. */
    static InitialDirContext bind(Lab lab, Lab.User user) throws NamingException {
        Hashtable<String, Object> env = new Hashtable<>();
        env.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.ldap.LdapCtxFactory");
        env.put(Context.PROVIDER_URL, lab.ldapUrl());
        env.put(Context.SECURITY_AUTHENTICATION, "simple");
        env.put(Context.SECURITY_PRINCIPAL, user.dn());
        env.put(Context.SECURITY_CREDENTIALS, user.password());
        env.put("com.sun.jndi.ldap.connect.timeout", "10000");
        env.put("com.sun.jndi.ldap.read.timeout", Long.toString(READ_TIMEOUT.toMillis()));
        return new InitialDirContext(env);
    }

    /** Searches the people of the address book; one map (attribute to first value) per entry, by DN. */
    static Map<String, Map<String, String>> searchPeople(InitialDirContext ctx, String baseDn, String filter,
            String... attributes) throws NamingException {
        SearchControls sc = new SearchControls();
        sc.setSearchScope(SearchControls.SUBTREE_SCOPE);
        sc.setReturningAttributes(attributes);
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        NamingEnumeration<SearchResult> results = ctx.search("ou=people," + baseDn, filter, sc);
        while (results.hasMore()) {
            SearchResult r = results.next();
            Map<String, String> attrs = new LinkedHashMap<>();
            NamingEnumeration<? extends Attribute> all = r.getAttributes().getAll();
            while (all.hasMore()) {
                Attribute a = all.next();
                attrs.put(a.getID(), String.valueOf(a.get()));
            }
            out.put(r.getNameInNamespace(), attrs);
        }
        return out;
    }

    private static Properties props(Lab lab) {
        Properties p = new Properties();
        String t = Long.toString(READ_TIMEOUT.toMillis());
        p.put("mail.smtp.host", lab.clientHost());
        p.put("mail.smtp.port", Integer.toString(lab.smtpPort()));
        p.put("mail.smtp.auth", "true");
        p.put("mail.smtp.localhost", "www.tinynet.edu");
        p.put("mail.smtp.connectiontimeout", "10000");
        p.put("mail.smtp.timeout", t);
        p.put("mail.imap.host", lab.clientHost());
        p.put("mail.imap.port", Integer.toString(lab.imapPort()));
        p.put("mail.imap.connectiontimeout", "10000");
        p.put("mail.imap.timeout", t);
        return p;
    }

    /** SMTP AUTH as {@code from} and send, through WebServer's tunnel to the Gateway. */
    static void send(Lab lab, Lab.User from, String to, String subject, String body) throws MessagingException {
        Session s = Session.getInstance(props(lab));
        MimeMessage m = new MimeMessage(s);
        m.setFrom(new InternetAddress(from.email()));
        m.setRecipients(Message.RecipientType.TO, to);
        m.setSubject(subject);
        m.setText(body, "US-ASCII");
        Transport.send(m, from.login(), from.password());
    }

    /** A message read over IMAP: subject, sender, text. */
    record Read(String subject, String from, String text) {
    }

    /** IMAP login as {@code user} through WebServer's tunnel; the INBOX's messages. */
    static List<Read> inbox(Lab lab, Lab.User user) throws MessagingException, IOException {
        Session s = Session.getInstance(props(lab));
        Store store = s.getStore("imap");
        store.connect(lab.clientHost(), lab.imapPort(), user.login(), user.password());
        try {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            try {
                List<Read> out = new ArrayList<>();
                for (Message m : inbox.getMessages()) {
                    Object content = m.getContent();
                    out.add(new Read(m.getSubject(), ((InternetAddress) m.getFrom()[0]).getAddress(),
                            content instanceof String text ? text : String.valueOf(content)));
                }
                return out;
            } finally {
                inbox.close(false);
            }
        } finally {
            store.close();
        }
    }

    /** Reads {@code user}'s INBOX over IMAP until a message with {@code subject} is there (relaying takes a moment). */
    static Read awaitMail(Lab lab, Lab.User user, String subject, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        for (;;) {
            for (Read r : inbox(lab, user)) {
                if (subject.equals(r.subject())) {
                    return r;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no message \"" + subject + "\" in " + user.email() + "'s INBOX after " + within);
            }
            Thread.sleep(200);
        }
    }
}
