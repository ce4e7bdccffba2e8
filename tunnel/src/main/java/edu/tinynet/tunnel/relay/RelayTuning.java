package edu.tinynet.tunnel.relay;

/**
 * Data-path knobs shared by all services of a tunnel.
 *
 * @param highWater      bytes read from one side and not yet written to the other above which
 *                       reading from that side is suspended; 0 means after every message
 *                       (suspend, write, resume when the write completes)
 * @param lowWater       reading resumes when the backlog falls to this many bytes
 * @param readBufferSize the most bytes read per read call. MINA adapts: a connection starts at
 *                       2 kB, doubles on full reads up to this, halves on small ones back to 2 kB
 *                       (see {@code TunnelService.configureSessions})
 */
public record RelayTuning(int highWater, int lowWater, int readBufferSize) {

    /**
     * Per-message flow control; reads of up to eight full TLS 1.3 records as Java 17 fills them
     * (8 x {@link edu.tinynet.tunnel.tls.filter.TlsFilter#RECORD_PAYLOAD} = 130936 bytes), so a message
     * read from a plaintext socket becomes whole records, never a few bytes in an extra one.
     * Measured on 2 cores, 1 GiB through two tunnels: 64 KiB reads 300-470 MB/s, 128 KiB 320-530,
     * 256 KiB 510-550 (stunnel4 at the same time: 270-430). 128 KiB keeps the worst case (one
     * message in flight per direction of each connection) at half of 256 KiB.
     */
    public static final RelayTuning DEFAULT = new RelayTuning(0, 0,
            8 * edu.tinynet.tunnel.tls.filter.TlsFilter.RECORD_PAYLOAD);

    public RelayTuning {
        if (highWater < 0 || lowWater < 0 || lowWater > highWater) {
            throw new IllegalArgumentException("need 0 <= lowWater <= highWater: " + lowWater + ", " + highWater);
        }
        if (readBufferSize < 1024) {
            throw new IllegalArgumentException("readBufferSize too small: " + readBufferSize);
        }
    }
}
