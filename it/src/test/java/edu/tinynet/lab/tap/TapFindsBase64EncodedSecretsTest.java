package edu.tinynet.lab.tap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * SMTP AUTH sends the password base64-encoded; an eavesdropper decodes it, and so does the tap's
 * search.
 */
class TapFindsBase64EncodedSecretsTest {

    private static TapSummary summarise(String clientToServer) {
        TapRelay.Capture c = CaptureFactory.finished(1, clientToServer.getBytes(StandardCharsets.US_ASCII), new byte[0]);
        return TapSummary.of("hop", List.of(c), Map.of("password of alice", "wonderland-73-tunnel"));
    }

    @Test
    void authPlainPasswordIsFound() {
        String plain = Base64.getEncoder().encodeToString("\0alice\0wonderland-73-tunnel".getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of("password of alice (base64)"), summarise("EHLO x\r\nAUTH PLAIN " + plain + "\r\n").leaked());
    }

    @Test
    void authLoginPasswordWithoutPaddingContextIsFound() {
        String user = Base64.getEncoder().encodeToString("alice".getBytes(StandardCharsets.UTF_8));
        String pw = Base64.getEncoder().encodeToString("wonderland-73-tunnel".getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of("password of alice (base64)"),
                summarise("AUTH LOGIN\r\n" + user + "\r\n" + pw + "\r\n").leaked());
    }

    @Test
    void cleartextPasswordIsReportedWithoutSuffix() {
        assertEquals(List.of("password of alice"), summarise("A1 LOGIN alice wonderland-73-tunnel\r\n").leaked());
    }

    @Test
    void otherBase64IsNotMistakenForTheSecret() {
        String other = Base64.getEncoder().encodeToString("\0alice\0another-password".getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of(), summarise("AUTH PLAIN " + other + "\r\n").leaked());
    }
}
