package edu.tinynet.lab.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * (a) The host's ldapsearch and curl, talking plaintext to WebServer's published 127.0.0.1 ports as
 * the web application would talk to localhost, reach the directory and the mail system through the
 * tunnels.
 */
@Tag("integration")
@ExtendWith(ComposeLab.class)
class HostToolsWorkThroughWebServerIT {

    @BeforeAll
    static void toolsPresent() {
        HostTools.require("ldapsearch", "curl");
    }

    @Test
    void ldapsearchBindsAsAliceAndReadsHerEntry(LiveLab lab) {
        String ldif = LabTraffic.ldapSearchAlice(lab);
        assertTrue(ldif.contains("dn: uid=alice,ou=people,o=tinynet.edu"), ldif);
        assertTrue(ldif.contains("mail: alice@tinynet.edu"), ldif);
    }

    @Test
    void ldapsearchWithAWrongPasswordIsRefusedByTheDirectory(LiveLab lab) {
        Commands.Result r = lab.ldapsearch(LabTraffic.LDAP_DN, "not-" + LabTraffic.LDAP_PASSWORD, "(uid=alice)");
        assertFalse(r.ok(), r::describe);
        assertTrue(r.output().contains("Invalid credentials"), r::describe);
    }

    @Test
    void mailSentWithSmtpAuthIsReadBackOverImap(LiveLab lab) throws Exception {
        String subject = LabTraffic.token("subject");
        String body = LabTraffic.token("body") + " sent through the Gateway, read from the MailHost";
        LabTraffic.sendMail(lab, subject, body);
        String read = LabTraffic.awaitMail(lab, subject, Duration.ofSeconds(60));
        assertEquals(body, read.strip());
    }

    @Test
    void smtpWithoutAuthIsRefused(LiveLab lab) {
        String message = "Subject: no auth\r\n\r\nnobody\r\n";
        Commands.Result r = lab.curl(message.getBytes(StandardCharsets.US_ASCII), "--url",
                "smtp://127.0.0.1:" + lab.smtpPort, "--mail-from", LabTraffic.MAIL_ADDRESS, "--mail-rcpt",
                LabTraffic.MAIL_ADDRESS, "-T", "-");
        assertFalse(r.ok(), r::describe);
        assertTrue(r.output().contains("530"), r::describe);
    }
}
