package edu.tinynet.tunnel.relay;

/**
 * Data-path knobs shared by all services of a tunnel.
 *
 * @param highWater      bytes read from one side and not yet written to the other above which
 *                       reading from that side is suspended; 0 means after every message
 *                       (suspend, write, resume when the write completes)
 * @param lowWater       reading resumes when the backlog falls to this many bytes
 * @param readBufferSize bytes MINA tries to read per read call (it adapts between a quarter of
 *                       this and this)
 */
public record RelayTuning(int highWater, int lowWater, int readBufferSize) {

    /** Per-message flow control, 64 KiB reads. */
    public static final RelayTuning DEFAULT = new RelayTuning(0, 0, 64 * 1024);

    public RelayTuning {
        if (highWater < 0 || lowWater < 0 || lowWater > highWater) {
            throw new IllegalArgumentException("need 0 <= lowWater <= highWater: " + lowWater + ", " + highWater);
        }
        if (readBufferSize < 1024) {
            throw new IllegalArgumentException("readBufferSize too small: " + readBufferSize);
        }
    }
}
