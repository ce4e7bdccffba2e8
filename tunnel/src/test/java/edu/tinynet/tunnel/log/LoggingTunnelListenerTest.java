package edu.tinynet.tunnel.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.tinynet.tunnel.service.CloseStatus;
import edu.tinynet.tunnel.service.ConnectionInfo;
import edu.tinynet.tunnel.service.ConnectionStats;
import edu.tinynet.tunnel.service.HandshakeInfo;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Events become stunnel's log lines, filtered by the service's level; one summary line per connection. */
class LoggingTunnelListenerTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final StunnelLog log = StunnelLog.toStream(new PrintStream(bytes, true, StandardCharsets.UTF_8));

    private List<String> lines() {
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }

    private static ConnectionInfo conn(int level) {
        return new ConnectionInfo(7, "ldap", false, new InetSocketAddress("127.0.0.1", 54282),
                new InetSocketAddress("127.0.0.1", 636), level);
    }

    @Test
    void lineFormatIsStunnels() {
        assertEquals("2024.05.01 09:08:07 LOG5[ui]: Configuration successful",
                StunnelLog.format(LocalDateTime.of(2024, 5, 1, 9, 8, 7), 5, "ui", "Configuration successful"));
    }

    @Test
    void controlCharactersCannotForgeLines() {
        assertEquals("2024.05.01 09:08:07 LOG6[3]: Peer certificate: CN=x  LOG3[ui]: fake",
                StunnelLog.format(LocalDateTime.of(2024, 5, 1, 9, 8, 7), 6, "3",
                        "Peer certificate: CN=x\r\nLOG3[ui]: fake"));
    }

    @Test
    void connectionLinesCarryTheIdAndStunnelWording() {
        LoggingTunnelListener l = new LoggingTunnelListener(log, () -> 5);
        ConnectionInfo c = conn(6);
        l.accepted(c);
        l.handshakeCompleted(c, new HandshakeInfo(false, "TLSv1.3", "TLS_AES_256_GCM_SHA384", 256, null, false));
        l.connected(c, new InetSocketAddress("127.0.0.1", 18080), new InetSocketAddress("127.0.0.1", 53498));
        l.closed(c, new ConnectionStats(12, 34, Duration.ofSeconds(1), CloseStatus.CLOSED, null, 0, 0, 0, 0));
        List<String> lines = lines();
        assertTrue(lines.get(0).endsWith(" LOG5[7]: Service [ldap] accepted connection from 127.0.0.1:54282"),
                lines.get(0));
        assertTrue(lines.get(1).endsWith(" LOG6[7]: TLS accepted: new session negotiated"), lines.get(1));
        assertTrue(lines.get(2).endsWith(" LOG6[7]: TLSv1.3 ciphersuite: TLS_AES_256_GCM_SHA384 (256-bit encryption)"),
                lines.get(2));
        assertTrue(lines.get(3).endsWith(" LOG5[7]: s_connect: connected 127.0.0.1:18080"), lines.get(3));
        assertTrue(lines.get(4).endsWith(" LOG5[7]: Service [ldap] connected remote server from 127.0.0.1:53498"),
                lines.get(4));
        assertTrue(lines.get(5).endsWith(
                " LOG5[7]: Connection closed: 12 byte(s) sent to TLS, 34 byte(s) sent to socket"), lines.get(5));
        assertEquals(6, lines.size());
    }

    @Test
    void serviceLevelFiltersConnectionLines() {
        LoggingTunnelListener l = new LoggingTunnelListener(log, () -> 7);
        ConnectionInfo c = conn(3);
        l.accepted(c);
        l.handshakeFailed(c, "peer did not return a certificate");
        l.closed(c, new ConnectionStats(0, 0, Duration.ZERO, CloseStatus.RESET, "TLS handshake failed", 0, 0, 0, 0));
        List<String> lines = lines();
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).endsWith(" LOG3[7]: TLS handshake failed: peer did not return a certificate"));
    }

    @Test
    void resetConnectionsSayReset() {
        LoggingTunnelListener l = new LoggingTunnelListener(log, () -> 5);
        l.closed(conn(5), new ConnectionStats(1, 2, Duration.ZERO, CloseStatus.RESET, "TIMEOUTidle exceeded", 0, 0, 0, 0));
        List<String> lines = lines();
        assertTrue(lines.get(0).endsWith(" LOG5[7]: Closing: TIMEOUTidle exceeded"), lines.get(0));
        assertTrue(lines.get(1).endsWith(" LOG5[7]: Connection reset: 1 byte(s) sent to TLS, 2 byte(s) sent to socket"));
    }
}
