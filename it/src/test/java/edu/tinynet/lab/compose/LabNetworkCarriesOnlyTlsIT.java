package edu.tinynet.lab.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import edu.tinynet.lab.tap.ByteSearch;
import edu.tinynet.lab.tap.TlsRecordScanner;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * (c) Everything that crosses the lab network is TLS. tcpdump captures every frame on the lab
 * network's bridge while the host's tools bind to LDAP, send mail (which the Gateway relays to the
 * MailHost) and read it back; then each TCP stream is rebuilt and must be well-formed TLS records,
 * and no frame may hold a password, a credential encoding or the message. The control: a container
 * on the lab network sends the LDAP password and a marker in plaintext; the same capture and the
 * same search must find them, in a stream that is not TLS.
 */
@Tag("integration")
@ExtendWith(ComposeLab.class)
class LabNetworkCarriesOnlyTlsIT {

    private static final Pattern CONTROL_FROM = Pattern.compile("in plaintext from ([0-9.]+):(\\d+) to");

    @Test
    void onlyTlsCrossesTheLabNetworkWhileAControlInPlaintextIsSeen(LiveLab lab) throws Exception {
        HostTools.require("ldapsearch", "curl");
        if (!lab.captureImage) {
            String why = LiveLab.CAPTURE_IMAGE + " was not built: install tcpdump (scripts/install-deps.sh does)";
            if (ComposeLab.isCi()) {
                fail("CI=true and " + why);
            }
            Assumptions.abort(why);
        }
        String subject = LabTraffic.token("capture-subject");
        String body = LabTraffic.token("capture-body") + " is private";
        String marker = LabTraffic.token("control-marker");
        Map<String, byte[]> secrets = secrets(subject, body);

        byte[] pcap;
        String controlOutput;
        try (LiveLab.Capture capture = lab.capture()) {
            LabTraffic.ldapSearchAlice(lab);
            LabTraffic.sendMail(lab, subject, body);
            assertEquals(body, LabTraffic.awaitMail(lab, subject, Duration.ofSeconds(60)).strip());
            LiveLab.Run control = lab.onLabNetwork(Duration.ofSeconds(60), "send", "ldap.tinynet.edu:636",
                    "CONTROL " + marker + " uid=alice,ou=people,o=tinynet.edu " + LabTraffic.LDAP_PASSWORD);
            controlOutput = control.output();
            assertEquals(0, control.exitCode(), controlOutput);
            Thread.sleep(500);
            pcap = capture.stop();
        }
        Matcher cm = CONTROL_FROM.matcher(controlOutput);
        assertTrue(cm.find(), controlOutput);
        String controlIp = cm.group(1);
        int controlPort = Integer.parseInt(cm.group(2));

        PcapFlows flows = PcapFlows.parse(pcap);
        assertTrue(flows.frames.size() > 20, "the capture holds only " + flows.frames.size() + " frames");

        // --- the control: plaintext on the lab network is visible to this capture and this search
        PcapFlows.Stream controlStream = flows.streams.get(new PcapFlows.Key(controlIp, controlPort,
                lab.labAddress("ldaphost"), 636));
        assertTrue(controlStream != null, () -> "the capture missed the control connection from " + controlIp + ":"
                + controlPort + "; streams: " + flows.streams.keySet());
        byte[] controlBytes = controlStream.bytes();
        assertTrue(ByteSearch.contains(controlBytes, controlBytes.length, LabTraffic.LDAP_PASSWORD),
                "the control's password is not in its stream: the search would not find a leak");
        assertTrue(ByteSearch.contains(controlBytes, controlBytes.length, marker));
        assertFalse(TlsRecordScanner.scan(controlBytes, controlBytes.length, true).wellFormed(),
                "the control's plaintext passed for TLS: the TLS check would not notice plaintext");
        assertTrue(framesHolding(flows, LabTraffic.LDAP_PASSWORD.getBytes(StandardCharsets.UTF_8)) > 0);

        // --- everything else: TLS records only, no secret in any stream or frame
        String www = lab.labAddress("webserver");
        String ldap = lab.labAddress("ldaphost");
        String mail = lab.labAddress("mailhost");
        String gw = lab.labAddress("gateway");
        Set<String> hopsWithData = new TreeSet<>();
        List<String> partial = new ArrayList<>();
        int tlsStreams = 0;
        for (PcapFlows.Stream s : flows.streams.values()) {
            PcapFlows.Key k = s.key;
            if (k.srcIp().equals(controlIp) || k.dstIp().equals(controlIp)) {
                continue;
            }
            byte[] data = s.bytes();
            if (data.length == 0) {
                continue;
            }
            for (Map.Entry<String, byte[]> e : secrets.entrySet()) {
                assertTrue(ByteSearch.indexOf(data, data.length, e.getValue()) < 0,
                        () -> e.getKey() + " crossed the lab network in " + k);
            }
            if (!s.sawSyn || s.hasGap()) {
                partial.add(k.toString()); // started before the capture or lost a segment: only searched
                continue;
            }
            TlsRecordScanner.Result r = TlsRecordScanner.scan(data, data.length, true);
            assertTrue(r.wellFormed(), () -> k + " is not TLS: " + r.problem());
            tlsStreams++;
            if (r.byType().getOrDefault(TlsRecordScanner.ContentType.APPLICATION_DATA, 0L) > 0) {
                hopsWithData.add(hop(k, www, ldap, mail, gw));
            }
        }
        for (Map.Entry<String, byte[]> e : secrets.entrySet()) {
            int n = framesHoldingOutside(flows, e.getValue(), controlIp);
            assertEquals(0, n, () -> e.getKey() + " is in " + n + " captured frame(s)");
        }
        // the capture saw every hop carry data, so the checks above looked at real traffic
        for (String expected : List.of("webserver>ldaphost:636", "webserver>mailhost:993", "webserver>gateway:465",
                "gateway>mailhost:465")) {
            assertTrue(hopsWithData.contains(expected), () -> "no TLS application data seen on " + expected
                    + "; hops with data: " + hopsWithData);
        }
        System.out.printf("lab capture: %d frames, %d TCP streams, %d checked as TLS, %d partial (searched only),"
                + " hops %s, %d non-IPv4 and %d UDP frames%n", flows.frames.size(), flows.streams.size(), tlsStreams,
                partial.size(), hopsWithData, flows.nonIpv4Frames, flows.udpFrames);
    }

    /** Every form in which the test's credentials and message could travel. */
    private static Map<String, byte[]> secrets(String subject, String body) {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("the LDAP password", utf8(LabTraffic.LDAP_PASSWORD));
        m.put("the mail password", utf8(LabTraffic.MAIL_PASSWORD));
        m.put("the mail password in base64 (AUTH LOGIN)", base64(LabTraffic.MAIL_PASSWORD));
        m.put("alice's AUTH PLAIN credentials", base64("\0" + LabTraffic.MAIL_LOGIN + "\0" + LabTraffic.MAIL_PASSWORD));
        m.put("the relay password", utf8(LiveLab.RELAY_PASSWORD));
        m.put("the relay password in base64 (AUTH LOGIN)", base64(LiveLab.RELAY_PASSWORD));
        m.put("the Gateway's AUTH PLAIN credentials", base64("\0gateway\0" + LiveLab.RELAY_PASSWORD));
        m.put("the message subject", utf8(subject));
        m.put("the message body", utf8(body));
        return m;
    }

    private static String hop(PcapFlows.Key k, String www, String ldap, String mail, String gw) {
        return name(k.srcIp(), www, ldap, mail, gw) + ">" + name(k.dstIp(), www, ldap, mail, gw) + ":" + k.dstPort();
    }

    private static String name(String ip, String www, String ldap, String mail, String gw) {
        return ip.equals(www) ? "webserver" : ip.equals(ldap) ? "ldaphost" : ip.equals(mail) ? "mailhost"
                : ip.equals(gw) ? "gateway" : ip;
    }

    private static int framesHolding(PcapFlows flows, byte[] needle) {
        return (int) flows.frames.stream().filter(f -> ByteSearch.indexOf(f, f.length, needle) >= 0).count();
    }

    /** Frames holding {@code needle} that are not to or from {@code controlIp} (IPv4 over Ethernet). */
    private static int framesHoldingOutside(PcapFlows flows, byte[] needle, String controlIp) {
        int n = 0;
        for (byte[] f : flows.frames) {
            if (ByteSearch.indexOf(f, f.length, needle) < 0) {
                continue;
            }
            boolean ipv4 = f.length >= 34 && (f[12] & 0xff) == 0x08 && f[13] == 0x00;
            if (ipv4 && (ip(f, 26).equals(controlIp) || ip(f, 30).equals(controlIp))) {
                continue;
            }
            n++;
        }
        return n;
    }

    private static String ip(byte[] b, int off) {
        return (b[off] & 0xff) + "." + (b[off + 1] & 0xff) + "." + (b[off + 2] & 0xff) + "." + (b[off + 3] & 0xff);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] base64(String s) {
        return Base64.getEncoder().encodeToString(utf8(s)).getBytes(StandardCharsets.US_ASCII);
    }
}
