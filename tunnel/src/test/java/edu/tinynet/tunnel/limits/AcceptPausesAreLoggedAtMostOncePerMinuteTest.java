package edu.tinynet.tunnel.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.tinynet.tunnel.log.LoggingTunnelListener;
import edu.tinynet.tunnel.log.StunnelLog;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A service that keeps hitting the descriptor limit pauses and resumes accepting again and again
 * (each freed descriptor lets one client in); the log gets its first pause and resume, then
 * nothing more for {@link LoggingTunnelListener#PAUSE_REPORT_INTERVAL}; other services are
 * reported independently.
 */
class AcceptPausesAreLoggedAtMostOncePerMinuteTest {

    @Test
    void flappingPausesGiveOnePauseAndOneResumeLine() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        LoggingTunnelListener l = new LoggingTunnelListener(StunnelLog.toStream(new PrintStream(bytes, true,
                StandardCharsets.UTF_8)), () -> 5);
        for (int i = 0; i < 20; i++) {
            l.acceptPaused("svc", "Too many open files (file descriptor limit 256)", Duration.ofMillis(200));
            l.acceptResumed("svc", Duration.ofMillis(400), 2);
        }
        l.acceptPaused("other", "Too many open files (file descriptor limit 256)", Duration.ofMillis(200));
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(3, lines.size(), lines.toString());
        assertTrue(lines.get(0).endsWith(" LOG4[ui]: Service [svc]: accepting paused: Too many open files (file "
                + "descriptor limit 256); clients wait in the listen backlog, retrying every 200 ms"), lines.get(0));
        assertTrue(lines.get(1).endsWith(" LOG5[ui]: Service [svc]: accepting again after 400 ms (2 attempt(s) failed)"),
                lines.get(1));
        assertTrue(lines.get(2).contains("Service [other]: accepting paused: "), lines.get(2));
    }
}
