package edu.tinynet.lab;

import edu.tinynet.lab.tap.ByteSearch;
import edu.tinynet.lab.tap.TapRelay;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Test helpers over a lab's taps. */
final class Taps {

    private Taps() {
    }

    /** Waits until every connection through every tap has ended, so captures are complete. */
    static void awaitQuiet(Lab lab, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        for (;;) {
            int active = 0;
            for (TapRelay t : lab.taps().values()) {
                active += t.activeConnections();
            }
            if (active == 0) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(active + " connection(s) still open through the taps after " + within);
            }
            Thread.sleep(50);
        }
    }

    /**
     * Where each secret (label to text) appears in a tap capture, as it is or base64-encoded:
     * {@code "label" on hop #conn client->server}.
     */
    static List<String> findSecrets(Lab lab, Map<String, String> secrets) {
        List<String> found = new ArrayList<>();
        lab.taps().forEach((hop, tap) -> {
            for (TapRelay.Capture c : tap.captures()) {
                for (int dir = 0; dir < 2; dir++) {
                    byte[] d = dir == 0 ? c.clientToServer() : c.serverToClient();
                    byte[] decoded = ByteSearch.base64Decoded(d, d.length);
                    for (Map.Entry<String, String> s : secrets.entrySet()) {
                        if (ByteSearch.contains(d, d.length, s.getValue())
                                || ByteSearch.contains(decoded, decoded.length, s.getValue())) {
                            found.add("\"" + s.getKey() + "\" on " + hop.name() + " #" + c.id()
                                    + (dir == 0 ? " client->server" : " server->client"));
                        }
                    }
                }
            }
        });
        return found;
    }
}
