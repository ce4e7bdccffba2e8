package edu.tinynet.tunnel.hardening;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.tinynet.tunnel.service.ConnectionStats;
import edu.tinynet.tunnel.testing.ExternalTool;
import edu.tinynet.tunnel.testing.RecordingTunnelListener.Event;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code openssl s_client -tls1_2}, after a working exchange, asks for a renegotiation ({@code R}
 * on its stdin). With default settings the service refuses: the connection ends, the reason names
 * the refusal, nothing more gets through, and no stack trace is logged.
 */
class RenegotiationRequestIsRefusedTest {

    @TempDir
    Path dir;

    @Test
    void clientRequestedRenegotiationIsRefusedByDefault() throws Exception {
        var openssl = ExternalTool.find("openssl");
        Assumptions.assumeTrue(openssl.isPresent(), "openssl is not installed");
        try (HardenedServer server = HardenedServer.start(dir);
                ExternalTool client = ExternalTool.start(dir, List.of(openssl.get().toString(), "s_client",
                        "-connect", "127.0.0.1:" + server.port(), "-tls1_2", "-servername", "localhost",
                        "-CAfile", server.pki.caFile().toString(), "-verify_return_error"))) {
            client.stdin().write("before renegotiation\n".getBytes(StandardCharsets.US_ASCII));
            client.stdin().flush();
            assertTrue(client.awaitOutput("Verify return code: 0 (ok)", Duration.ofSeconds(15)), client.output());
            assertTrue(client.awaitOutput("before renegotiation", Duration.ofSeconds(15)), client.output());

            client.stdin().write("R\n".getBytes(StandardCharsets.US_ASCII));
            client.stdin().flush();
            assertTrue(client.awaitOutput("RENEGOTIATING", Duration.ofSeconds(10)), client.output());

            Event closed = server.events.await("closed", Duration.ofSeconds(15));
            long id = closed.connection().id();
            String reason = String.valueOf(((ConnectionStats) closed.detail()).reason());
            List<String> failures = server.events.ofType("handshakeFailed").stream()
                    .filter(e -> e.connection().id() == id).map(Event::text).toList();
            assertTrue(reason.contains("renegotiation refused")
                    || failures.stream().anyMatch(f -> f.contains("renegotiation refused")),
                    () -> "reason: " + reason + "; failures: " + failures + "; events: " + server.events.events());
            assertTrue(failures.size() <= 1, failures.toString());

            try {
                client.stdin().write("after renegotiation\n".getBytes(StandardCharsets.US_ASCII));
                client.stdin().flush();
            } catch (java.io.IOException e) {
                // openssl already gave up: fine
            }
            client.waitFor(Duration.ofSeconds(10));
            assertFalse(client.output().contains("after renegotiation"), client.output());
            HostileInput.assertNoStackTrace(server.logText());
            // the log line is written by the logging listener after the event the test saw: wait for it
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!server.logText().contains("renegotiation") && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(server.logText().contains("renegotiation"), server.logText());
        }
    }
}
