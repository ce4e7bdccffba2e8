package edu.tinynet.lab.compose;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads a classic pcap file (as tcpdump {@code -w} writes it, Ethernet frames) and rebuilds the
 * byte stream of every TCP connection direction from its segments, in sequence order, each byte once
 * however often it was retransmitted. Also keeps every frame's raw bytes, so a search can cover what
 * is not TCP. Small on purpose: IPv4 (with options) over Ethernet, optionally one 802.1Q tag.
 */
final class PcapFlows {

    /** One direction of a TCP connection. */
    record Key(String srcIp, int srcPort, String dstIp, int dstPort) {
        Key reverse() {
            return new Key(dstIp, dstPort, srcIp, srcPort);
        }

        @Override
        public String toString() {
            return srcIp + ":" + srcPort + " > " + dstIp + ":" + dstPort;
        }
    }

    /** The bytes of one direction; {@code sawSyn} when the capture has the start of the stream. */
    static final class Stream {
        final Key key;
        boolean sawSyn;
        long isn;
        private final TreeMap<Long, byte[]> segments = new TreeMap<>();
        private long firstSeq = -1;

        Stream(Key key) {
            this.key = key;
        }

        void add(long seq, boolean syn, byte[] payload) {
            if (syn) {
                sawSyn = true;
                isn = seq;
                return;
            }
            if (payload.length == 0) {
                return;
            }
            if (firstSeq < 0) {
                firstSeq = seq;
            }
            segments.putIfAbsent(seq, payload);
        }

        /** The reassembled bytes, from the byte after the SYN (or the first segment seen). */
        byte[] bytes() {
            long base = sawSyn ? (isn + 1) & 0xffffffffL : firstSeq;
            TreeMap<Long, byte[]> byOffset = new TreeMap<>();
            segments.forEach((seq, data) -> byOffset.put((seq - base) & 0xffffffffL, data));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            long next = 0;
            for (Map.Entry<Long, byte[]> e : byOffset.entrySet()) {
                long off = e.getKey();
                byte[] d = e.getValue();
                if (off > next) {
                    break; // a gap: bytes the capture missed; what follows cannot be placed
                }
                int skip = (int) (next - off);
                if (skip < d.length) {
                    out.write(d, skip, d.length - skip);
                    next = off + d.length;
                }
            }
            return out.toByteArray();
        }

        /** True when bytes are missing between segments (the stream is incomplete). */
        boolean hasGap() {
            long base = sawSyn ? (isn + 1) & 0xffffffffL : firstSeq;
            long next = 0;
            for (Map.Entry<Long, byte[]> e : segments.entrySet()) {
                long off = (e.getKey() - base) & 0xffffffffL;
                if (off > next) {
                    return true;
                }
                next = Math.max(next, off + e.getValue().length);
            }
            return false;
        }
    }

    final List<byte[]> frames = new ArrayList<>();
    final Map<Key, Stream> streams = new LinkedHashMap<>();
    int nonIpv4Frames;
    int udpFrames;

    private PcapFlows() {
    }

    static PcapFlows parse(byte[] pcap) {
        ByteBuffer b = ByteBuffer.wrap(pcap);
        if (pcap.length < 24) {
            throw new IllegalArgumentException("not a pcap file: " + pcap.length + " bytes");
        }
        int magic = b.order(ByteOrder.LITTLE_ENDIAN).getInt(0);
        if (magic == 0xa1b2c3d4 || magic == 0xa1b23c4d) {
            b.order(ByteOrder.LITTLE_ENDIAN);
        } else if (Integer.reverseBytes(magic) == 0xa1b2c3d4 || Integer.reverseBytes(magic) == 0xa1b23c4d) {
            b.order(ByteOrder.BIG_ENDIAN);
        } else {
            throw new IllegalArgumentException(String.format("not a pcap file (magic 0x%08x)", magic));
        }
        int linkType = b.getInt(20);
        if (linkType != 1) {
            throw new IllegalArgumentException("link type " + linkType + " is not Ethernet");
        }
        PcapFlows f = new PcapFlows();
        int pos = 24;
        while (pos + 16 <= pcap.length) {
            int caplen = b.getInt(pos + 8);
            pos += 16;
            if (caplen < 0 || pos + caplen > pcap.length) {
                break; // a record cut off when the capture stopped
            }
            byte[] frame = new byte[caplen];
            System.arraycopy(pcap, pos, frame, 0, caplen);
            pos += caplen;
            f.frames.add(frame);
            f.decode(frame);
        }
        return f;
    }

    private void decode(byte[] fr) {
        ByteBuffer b = ByteBuffer.wrap(fr).order(ByteOrder.BIG_ENDIAN);
        if (fr.length < 14) {
            return;
        }
        int off = 12;
        int etherType = b.getShort(off) & 0xffff;
        if (etherType == 0x8100 && fr.length >= 18) {
            off += 4;
            etherType = b.getShort(off) & 0xffff;
        }
        off += 2;
        if (etherType != 0x0800) {
            nonIpv4Frames++;
            return;
        }
        int ihl = (fr[off] & 0x0f) * 4;
        int totalLength = b.getShort(off + 2) & 0xffff;
        int protocol = fr[off + 9] & 0xff;
        String src = ip(fr, off + 12);
        String dst = ip(fr, off + 16);
        int end = Math.min(fr.length, off + totalLength);
        int l4 = off + ihl;
        if (protocol == 17) {
            udpFrames++;
            return;
        }
        if (protocol != 6 || l4 + 20 > end) {
            return;
        }
        int srcPort = b.getShort(l4) & 0xffff;
        int dstPort = b.getShort(l4 + 2) & 0xffff;
        long seq = b.getInt(l4 + 4) & 0xffffffffL;
        int dataOffset = ((fr[l4 + 12] & 0xf0) >> 4) * 4;
        boolean syn = (fr[l4 + 13] & 0x02) != 0;
        int payloadStart = l4 + dataOffset;
        byte[] payload = new byte[Math.max(0, end - payloadStart)];
        if (payload.length > 0) {
            System.arraycopy(fr, payloadStart, payload, 0, payload.length);
        }
        Key k = new Key(src, srcPort, dst, dstPort);
        streams.computeIfAbsent(k, Stream::new).add(seq, syn, payload);
    }

    private static String ip(byte[] b, int off) {
        return (b[off] & 0xff) + "." + (b[off + 1] & 0xff) + "." + (b[off + 2] & 0xff) + "." + (b[off + 3] & 0xff);
    }
}
