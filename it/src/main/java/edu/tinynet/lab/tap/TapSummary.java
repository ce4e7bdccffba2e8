package edu.tinynet.lab.tap;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the eavesdropper learned on one hop: TLS records by content type, whether every
 * connection was well-formed TLS, the longest printable run, and which secrets appeared.
 *
 * @param hop             the hop's name
 * @param connections     connections captured
 * @param bytes           bytes captured, both directions
 * @param recordsByType   complete TLS records per content type, all connections
 * @param allTls          true when every direction of every connection parsed as TLS records
 * @param problems        why a direction is not TLS (hop, connection, direction, offset)
 * @param longestPrintable the longest printable ASCII run seen (truncated to 80 characters)
 * @param leaked          the secrets (by label) whose bytes appear in the capture, as they are or
 *                        base64-encoded (as SMTP AUTH sends passwords; such labels end in " (base64)")
 */
public record TapSummary(String hop, int connections, long bytes,
        Map<TlsRecordScanner.ContentType, Long> recordsByType, boolean allTls, List<String> problems,
        String longestPrintable, List<String> leaked) {

    /** Summarises a tap's captures, searching for {@code secrets} (label → text). */
    public static TapSummary of(TapRelay tap, Map<String, String> secrets) {
        return of(tap.hop(), tap.captures(), secrets);
    }

    /** Summarises captures. */
    public static TapSummary of(String hop, Collection<TapRelay.Capture> captures, Map<String, String> secrets) {
        Map<TlsRecordScanner.ContentType, Long> byType = new EnumMap<>(TlsRecordScanner.ContentType.class);
        List<String> problems = new ArrayList<>();
        Map<String, Boolean> found = new LinkedHashMap<>();
        java.util.Set<String> inBase64 = new java.util.HashSet<>();
        secrets.keySet().forEach(k -> found.put(k, false));
        String longest = "";
        long bytes = 0;
        boolean allTls = true;
        for (TapRelay.Capture c : captures) {
            for (int dir = 0; dir < 2; dir++) {
                byte[] data = dir == 0 ? c.clientToServer() : c.serverToClient();
                bytes += data.length;
                if (data.length == 0) {
                    continue;
                }
                // a connection still open may be in the middle of a record
                TlsRecordScanner.Result r = TlsRecordScanner.scan(data, data.length, !c.finished());
                r.byType().forEach((t, n) -> byType.merge(t, n, Long::sum));
                if (!r.wellFormed()) {
                    allTls = false;
                    problems.add("connection " + c.id() + " " + (dir == 0 ? "client->server" : "server->client")
                            + ": " + r.problem());
                }
                String run = ByteSearch.longestPrintableRun(data, data.length);
                if (run.length() > longest.length()) {
                    longest = run;
                }
                byte[] decoded = null;
                for (Map.Entry<String, String> s : secrets.entrySet()) {
                    if (ByteSearch.contains(data, data.length, s.getValue())) {
                        found.put(s.getKey(), true);
                        continue;
                    }
                    if (decoded == null) {
                        decoded = ByteSearch.base64Decoded(data, data.length);
                    }
                    if (ByteSearch.contains(decoded, decoded.length, s.getValue())) {
                        inBase64.add(s.getKey());
                    }
                }
            }
        }
        List<String> leaked = new ArrayList<>();
        for (Map.Entry<String, Boolean> e : found.entrySet()) {
            if (e.getValue()) {
                leaked.add(e.getKey());
            } else if (inBase64.contains(e.getKey())) {
                leaked.add(e.getKey() + " (base64)");
            }
        }
        String shown = longest.length() > 80 ? longest.substring(0, 77) + "..." : longest;
        return new TapSummary(hop, captures.size(), bytes, byType, allTls && !captures.isEmpty(), problems, shown, leaked);
    }

    /** A few human lines for the console. */
    public List<String> render() {
        List<String> out = new ArrayList<>();
        StringBuilder types = new StringBuilder();
        recordsByType.forEach((t, n) -> types.append(types.length() == 0 ? "" : ", ")
                .append(t.name().toLowerCase(java.util.Locale.ROOT)).append(' ').append(n));
        out.add(String.format("tap %s: %d connection(s), %d byte(s)", hop, connections, bytes));
        if (connections == 0) {
            out.add("  no traffic yet");
            return out;
        }
        out.add("  TLS records: " + (types.length() == 0 ? "none" : types)
                + (allTls ? "  [every byte is well-formed TLS]" : "  [NOT TLS]"));
        problems.stream().limit(3).forEach(p -> out.add("  not TLS: " + p));
        out.add("  longest printable run (" + longestPrintable.length() + " chars): \""
                + longestPrintable.replace("\"", "\\\"") + "\"");
        if (leaked.isEmpty()) {
            out.add("  secrets seen: none");
        } else {
            // without TLS many leak at once: name a few, count the rest
            String named = String.join(", ", leaked.subList(0, Math.min(6, leaked.size())));
            out.add("  SECRETS SEEN IN CLEAR (" + leaked.size() + "): " + named
                    + (leaked.size() > 6 ? " and " + (leaked.size() - 6) + " more" : ""));
        }
        return out;
    }
}
