package edu.tinynet.lab.compose;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import edu.tinynet.fixtures.ldap.EmbeddedLdap;
import edu.tinynet.fixtures.mail.EmbeddedMail;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the web application does, done by the host's own tools through WebServer's published ports. */
final class LabTraffic {

    static final String LDAP_DN = EmbeddedLdap.DEMO_USER_DN;
    static final String LDAP_PASSWORD = EmbeddedLdap.DEMO_PASSWORD;
    static final String MAIL_LOGIN = EmbeddedMail.DEMO_LOGIN;
    static final String MAIL_PASSWORD = EmbeddedMail.DEMO_PASSWORD;
    static final String MAIL_ADDRESS = EmbeddedMail.DEMO_USER;

    private LabTraffic() {
    }

    /** ldapsearch binds as alice and reads her entry; returns the LDIF. */
    static String ldapSearchAlice(LiveLab lab) {
        Commands.Result r = lab.ldapsearch(LDAP_DN, LDAP_PASSWORD, "(uid=alice)", "cn", "mail");
        assertTrue(r.ok(), r::describe);
        return r.output();
    }

    /** curl sends a message from alice to alice with SMTP AUTH through WebServer's 587. */
    static void sendMail(LiveLab lab, String subject, String body) {
        String message = "From: " + MAIL_ADDRESS + "\r\nTo: " + MAIL_ADDRESS + "\r\nSubject: " + subject + "\r\n\r\n"
                + body + "\r\n";
        Commands.Result r = lab.curl(message.getBytes(StandardCharsets.UTF_8),
                "--url", "smtp://127.0.0.1:" + lab.smtpPort, "--user", MAIL_LOGIN + ":" + MAIL_PASSWORD,
                "--mail-from", MAIL_ADDRESS, "--mail-rcpt", MAIL_ADDRESS, "-T", "-");
        assertTrue(r.ok(), r::describe);
    }

    /**
     * Reads the message with {@code subject} back through WebServer's 143 (curl, IMAP), waiting for the
     * Gateway's relay; returns its body.
     */
    static String awaitMail(LiveLab lab, String subject, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        Commands.Result search = null;
        while (System.nanoTime() < deadline) {
            search = lab.curl(null, "--url", "imap://127.0.0.1:" + lab.imapPort + "/INBOX",
                    "--user", MAIL_LOGIN + ":" + MAIL_PASSWORD, "-X", "UID SEARCH SUBJECT \"" + subject + "\"");
            Matcher m = Pattern.compile("\\* SEARCH ((\\d+).*)").matcher(search.output());
            if (search.ok() && m.find() && !m.group(1).isBlank()) {
                String uid = m.group(2);
                Commands.Result fetch = lab.curl(null, "--url", "imap://127.0.0.1:" + lab.imapPort + "/INBOX;UID=" + uid
                        + ";SECTION=TEXT", "--user", MAIL_LOGIN + ":" + MAIL_PASSWORD);
                assertTrue(fetch.ok(), fetch::describe);
                return fetch.output();
            }
            Thread.sleep(500);
        }
        return fail("no message \"" + subject + "\" in alice's INBOX within " + limit.toSeconds() + " s; last search:\n"
                + (search == null ? "(none)" : search.describe()));
    }

    /** A word nobody else sends. */
    static String token(String prefix) {
        return prefix + "-" + Long.toHexString(System.nanoTime()) + Integer.toHexString((int) (Math.random() * 0xffff));
    }
}
