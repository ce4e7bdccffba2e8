package edu.tinynet.lab.tap;

import java.nio.charset.StandardCharsets;

/** Byte-level searches over captured traffic: secrets and printable runs. */
public final class ByteSearch {

    private ByteSearch() {
    }

    /** True when the UTF-8 bytes of {@code needle} occur in {@code data[0..length)}. */
    public static boolean contains(byte[] data, int length, String needle) {
        return indexOf(data, length, needle.getBytes(StandardCharsets.UTF_8)) >= 0;
    }

    /** First index of {@code needle} in {@code data[0..length)}, or -1. */
    public static int indexOf(byte[] data, int length, byte[] needle) {
        if (needle.length == 0) {
            return 0;
        }
        outer:
        for (int i = 0; i + needle.length <= length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (data[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /**
     * Every base64 token in {@code data[0..length)} (a run of at least 8 base64 characters, as
     * SMTP/IMAP {@code AUTH PLAIN}/{@code LOGIN} send credentials), decoded and joined with NUL
     * bytes, so that a search finds what an eavesdropper would after decoding them.
     */
    public static byte[] base64Decoded(byte[] data, int length) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int start = -1;
        for (int i = 0; i <= length; i++) {
            boolean b64 = i < length && isBase64(data[i]);
            if (b64 && start < 0) {
                start = i;
            } else if (!b64 && start >= 0) {
                int end = i;
                while (end > start && data[end - 1] == '=') {
                    end--;
                }
                if (end - start >= 8) {
                    String token = new String(data, start, end - start, StandardCharsets.US_ASCII);
                    int rest = token.length() % 4;
                    if (rest != 1) {
                        try {
                            byte[] dec = java.util.Base64.getDecoder().decode(rest == 0 ? token : token + "==".substring(0, 4 - rest));
                            out.write(dec, 0, dec.length);
                            out.write(0);
                        } catch (IllegalArgumentException ignored) {
                            // not base64 after all
                        }
                    }
                }
                start = -1;
            }
        }
        return out.toByteArray();
    }

    private static boolean isBase64(byte c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/'
                || c == '=';
    }

    /** The longest run of printable ASCII (0x20..0x7e, tab) in {@code data[0..length)}. */
    public static String longestPrintableRun(byte[] data, int length) {
        int bestStart = 0;
        int bestLen = 0;
        int start = 0;
        for (int i = 0; i <= length; i++) {
            boolean printable = i < length && ((data[i] >= 0x20 && data[i] <= 0x7e) || data[i] == '\t');
            if (!printable) {
                if (i - start > bestLen) {
                    bestLen = i - start;
                    bestStart = start;
                }
                start = i + 1;
            }
        }
        return new String(data, bestStart, bestLen, StandardCharsets.US_ASCII);
    }
}
