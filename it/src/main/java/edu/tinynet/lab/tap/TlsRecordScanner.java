package edu.tinynet.lab.tap;

import java.util.EnumMap;
import java.util.Map;

/**
 * Reads a captured byte stream as a sequence of TLS records, the way a sniffer would, and says
 * whether it is well-formed TLS: every byte belongs to a record with a known content type, a TLS
 * version and a legal length. Only a truncated final record is tolerated, and only when asked.
 */
public final class TlsRecordScanner {

    /** TLS record content types (RFC 8446 section 5.1). */
    public enum ContentType {
        CHANGE_CIPHER_SPEC(20), ALERT(21), HANDSHAKE(22), APPLICATION_DATA(23), HEARTBEAT(24);

        final int code;

        ContentType(int code) {
            this.code = code;
        }

        static ContentType of(int code) {
            for (ContentType t : values()) {
                if (t.code == code) {
                    return t;
                }
            }
            return null;
        }
    }

    /** Largest legal TLSCiphertext length: 2^14 + 2048 (RFC 5246 6.2.3). */
    public static final int MAX_RECORD_LENGTH = (1 << 14) + 2048;

    /**
     * The result of a scan.
     *
     * @param records     number of complete records
     * @param byType      complete records per content type
     * @param wellFormed  true when every byte was part of a legal record (a truncated tail counts
     *                    as well-formed only when allowed)
     * @param problem     why the stream is not TLS, with the byte offset; null when well-formed
     * @param truncatedTail bytes of an incomplete final record
     */
    public record Result(long records, Map<ContentType, Long> byType, boolean wellFormed, String problem,
            int truncatedTail) {

        /** e.g. {@code handshake=4 change_cipher_spec=1 application_data=12 alert=1}. */
        public String describeTypes() {
            StringBuilder sb = new StringBuilder();
            byType.forEach((t, n) -> sb.append(sb.length() == 0 ? "" : " ")
                    .append(t.name().toLowerCase(java.util.Locale.ROOT)).append('=').append(n));
            return sb.length() == 0 ? "none" : sb.toString();
        }
    }

    private TlsRecordScanner() {
    }

    /** Scans {@code data[0..length)}. */
    public static Result scan(byte[] data, int length, boolean allowTruncatedTail) {
        Map<ContentType, Long> byType = new EnumMap<>(ContentType.class);
        long records = 0;
        int pos = 0;
        while (pos < length) {
            if (length - pos < 5) {
                return tail(records, byType, length - pos, allowTruncatedTail, pos);
            }
            int type = data[pos] & 0xff;
            int major = data[pos + 1] & 0xff;
            int minor = data[pos + 2] & 0xff;
            int len = ((data[pos + 3] & 0xff) << 8) | (data[pos + 4] & 0xff);
            ContentType ct = ContentType.of(type);
            if (ct == null) {
                return bad(records, byType, String.format("byte %d: 0x%02x is not a TLS content type%s", pos, type,
                        printableHint(data, pos, length)));
            }
            if (major != 3 || minor > 4) {
                return bad(records, byType, String.format("byte %d: record version %d.%d is not TLS", pos, major, minor));
            }
            if (len == 0 && ct != ContentType.APPLICATION_DATA) {
                return bad(records, byType, "byte " + pos + ": empty " + ct + " record");
            }
            if (len > MAX_RECORD_LENGTH) {
                return bad(records, byType, "byte " + pos + ": record length " + len + " exceeds " + MAX_RECORD_LENGTH);
            }
            if (pos + 5 + len > length) {
                return tail(records, byType, length - pos, allowTruncatedTail, pos);
            }
            byType.merge(ct, 1L, Long::sum);
            records++;
            pos += 5 + len;
        }
        return new Result(records, byType, true, null, 0);
    }

    private static Result tail(long records, Map<ContentType, Long> byType, int tail, boolean allow, int pos) {
        if (allow) {
            return new Result(records, byType, true, null, tail);
        }
        return new Result(records, byType, false, "byte " + pos + ": truncated record (" + tail + " bytes)", tail);
    }

    private static Result bad(long records, Map<ContentType, Long> byType, String why) {
        return new Result(records, byType, false, why, 0);
    }

    private static String printableHint(byte[] data, int pos, int length) {
        int end = Math.min(length, pos + 24);
        StringBuilder sb = new StringBuilder();
        for (int i = pos; i < end; i++) {
            int c = data[i] & 0xff;
            if (c < 0x20 || c > 0x7e) {
                break;
            }
            sb.append((char) c);
        }
        return sb.length() >= 3 ? " (looks like plaintext: \"" + sb + "\")" : "";
    }
}
