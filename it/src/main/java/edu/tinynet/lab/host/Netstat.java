package edu.tinynet.lab.host;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * {@code netstat -tn}/{@code -tln} for containers without netstat: the TCP sockets of the
 * container's network namespace, read from {@code /proc/net/tcp} and {@code /proc/net/tcp6}. In a
 * lab container every socket belongs to the one JVM, so there is nothing to add for {@code -p}.
 */
public final class Netstat {

    /** One socket. */
    public record Entry(String proto, String local, String remote, String state) {

        /** A line in netstat's column layout. */
        public String line() {
            return String.format(Locale.ROOT, "%-5s %-28s %-28s %s", proto, local, remote, state);
        }
    }

    private static final String[] STATES = {"?", "ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2",
        "TIME_WAIT", "CLOSE", "CLOSE_WAIT", "LAST_ACK", "LISTEN", "CLOSING", "NEW_SYN_RECV"};

    private Netstat() {
    }

    /** The sockets in {@code procNet} ({@code /proc/net} normally): listeners first, then by local address. */
    public static List<Entry> read(Path procNet) throws IOException {
        List<Entry> out = new ArrayList<>();
        for (String file : new String[] {"tcp", "tcp6"}) {
            try {
                out.addAll(parse(file, Files.readString(procNet.resolve(file), StandardCharsets.US_ASCII)));
            } catch (NoSuchFileException e) {
                // no IPv6 in this namespace
            }
        }
        out.sort(Comparator.comparing((Entry e) -> !e.state().equals("LISTEN")).thenComparing(Entry::local));
        return out;
    }

    /** Parses the text of {@code /proc/net/tcp} ({@code proto} "tcp") or {@code /proc/net/tcp6} ("tcp6"). */
    public static List<Entry> parse(String proto, String text) {
        List<Entry> out = new ArrayList<>();
        String[] lines = text.split("\n");
        for (int i = 1; i < lines.length; i++) {
            String[] f = lines[i].trim().split("\\s+");
            if (f.length < 4) {
                continue;
            }
            int st = Integer.parseInt(f[3], 16);
            String state = st < STATES.length ? STATES[st] : "0x" + f[3];
            out.add(new Entry(proto, address(f[1]), address(f[2]), state));
        }
        return out;
    }

    /** {@code 0100007F:0185} -> {@code 127.0.0.1:389}; IPv6 in four little-endian words. */
    static String address(String hexAddrPort) {
        int colon = hexAddrPort.indexOf(':');
        String hex = hexAddrPort.substring(0, colon);
        int port = Integer.parseInt(hexAddrPort.substring(colon + 1), 16);
        byte[] b = new byte[hex.length() / 2];
        for (int word = 0; word < b.length / 4; word++) {
            for (int i = 0; i < 4; i++) {
                // each 32-bit word is printed in host (little-endian) order
                b[word * 4 + i] = (byte) Integer.parseInt(hex.substring(word * 8 + (3 - i) * 2, word * 8 + (3 - i) * 2 + 2), 16);
            }
        }
        if (b.length == 4) {
            return (b[0] & 0xff) + "." + (b[1] & 0xff) + "." + (b[2] & 0xff) + "." + (b[3] & 0xff) + ":" + port;
        }
        boolean mapped = true;
        for (int i = 0; i < 10; i++) {
            mapped &= b[i] == 0;
        }
        mapped &= b[10] == (byte) 0xff && b[11] == (byte) 0xff;
        if (mapped) {
            return (b[12] & 0xff) + "." + (b[13] & 0xff) + "." + (b[14] & 0xff) + "." + (b[15] & 0xff) + ":" + port;
        }
        StringBuilder sb = new StringBuilder("[");
        boolean allZero = true;
        for (byte x : b) {
            allZero &= x == 0;
        }
        if (allZero) {
            return "[::]:" + port;
        }
        for (int i = 0; i < 16; i += 2) {
            sb.append(i == 0 ? "" : ":").append(Integer.toHexString(((b[i] & 0xff) << 8) | (b[i + 1] & 0xff)));
        }
        return sb.append("]:").append(port).toString();
    }
}
