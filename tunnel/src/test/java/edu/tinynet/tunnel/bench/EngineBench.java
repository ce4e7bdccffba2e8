package edu.tinynet.tunnel.bench;

import edu.tinynet.tunnel.testing.TunnelFixtures;
import java.nio.ByteBuffer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;

/**
 * JSSE's own ceiling, not a test: an in-memory client/server engine pair, wrap 64 KiB (four
 * records) and unwrap it, single thread. Prints MB/s per suite.
 */
public final class EngineBench {

    private EngineBench() {
    }

    public static void main(String[] args) throws Exception {
        String[] suites = args.length > 0 ? args : new String[] {"TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256",
            "TLS_CHACHA20_POLY1305_SHA256"};
        for (String suite : suites) {
            TunnelFixtures.Pki pki = TunnelFixtures.pki();
            SSLEngine c = pki.clientTls().newEngine(true, "localhost", 443);
            SSLEngine s = pki.serverTls().newEngine(false, "127.0.0.1", 1);
            c.setEnabledCipherSuites(new String[] {suite});
            s.setEnabledCipherSuites(new String[] {suite});
            handshake(c, s);
            ByteBuffer plain = ByteBuffer.allocate(64 * 1024);
            ByteBuffer net = ByteBuffer.allocate(5 * c.getSession().getPacketBufferSize());
            ByteBuffer out = ByteBuffer.allocate(80 * 1024);
            long total = 0;
            long t0 = System.nanoTime();
            long wrapNs = 0;
            while (System.nanoTime() - t0 < 3_000_000_000L) {
                plain.clear();
                net.clear();
                long w0 = System.nanoTime();
                while (plain.hasRemaining()) {
                    SSLEngineResult r = c.wrap(plain, net);
                    if (r.bytesConsumed() == 0) {
                        throw new IllegalStateException("wrap made no progress: " + r);
                    }
                }
                wrapNs += System.nanoTime() - w0;
                net.flip();
                out.clear();
                while (net.hasRemaining()) {
                    SSLEngineResult r = s.unwrap(net, out);
                    if (r.bytesConsumed() == 0) {
                        throw new IllegalStateException("unwrap made no progress: " + r);
                    }
                }
                total += 64 * 1024;
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            System.out.printf("%s: wrap+unwrap %.0f MB/s; wrap alone %.0f MB/s, unwrap alone %.0f MB/s%n", suite,
                    total / secs / 1e6, total / (wrapNs / 1e9) / 1e6, total / (secs - wrapNs / 1e9) / 1e6);
        }
    }

    static void handshake(SSLEngine c, SSLEngine s) throws Exception {
        ByteBuffer cToS = ByteBuffer.allocate(1 << 16);
        ByteBuffer sToC = ByteBuffer.allocate(1 << 16);
        ByteBuffer sink = ByteBuffer.allocate(1 << 16);
        ByteBuffer empty = ByteBuffer.allocate(0);
        c.beginHandshake();
        s.beginHandshake();
        for (int i = 0; i < 100; i++) {
            step(c, empty, cToS, sToC, sink);
            step(s, empty, sToC, cToS, sink);
            if (c.getHandshakeStatus() == HandshakeStatus.NOT_HANDSHAKING
                    && s.getHandshakeStatus() == HandshakeStatus.NOT_HANDSHAKING) {
                return;
            }
        }
        throw new IllegalStateException("handshake did not finish");
    }

    private static void step(SSLEngine e, ByteBuffer empty, ByteBuffer out, ByteBuffer in, ByteBuffer sink)
            throws Exception {
        for (;;) {
            HandshakeStatus hs = e.getHandshakeStatus();
            if (hs == HandshakeStatus.NEED_TASK) {
                Runnable r;
                while ((r = e.getDelegatedTask()) != null) {
                    r.run();
                }
            } else if (hs == HandshakeStatus.NEED_WRAP) {
                e.wrap(empty, out);
            } else if (hs == HandshakeStatus.NEED_UNWRAP) {
                in.flip();
                SSLEngineResult r = e.unwrap(in, sink);
                in.compact();
                sink.clear();
                if (r.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW || r.bytesConsumed() == 0) {
                    return;
                }
            } else {
                return;
            }
        }
    }
}
