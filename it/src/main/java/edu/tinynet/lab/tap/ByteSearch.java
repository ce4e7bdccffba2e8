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
