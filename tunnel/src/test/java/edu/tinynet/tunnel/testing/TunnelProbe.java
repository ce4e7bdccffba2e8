package edu.tinynet.tunnel.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A plaintext client for driving a tunnel in tests: connect, write, half-close, read, and the
 * bulk checks ({@link #streamBothWays}) that compare SHA-256 digests of what went in and came out.
 * Every blocking call is bounded by a read timeout.
 */
public final class TunnelProbe implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private TunnelProbe(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** Connects with a 30 s read timeout. */
    public static TunnelProbe connect(InetSocketAddress address) throws IOException {
        return connect(address, Duration.ofSeconds(30));
    }

    public static TunnelProbe connect(InetSocketAddress address, Duration readTimeout) throws IOException {
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.connect(address, 10_000);
        s.setSoTimeout((int) readTimeout.toMillis());
        return new TunnelProbe(s);
    }

    public Socket socket() {
        return socket;
    }

    public TunnelProbe write(byte[] data) throws IOException {
        out.write(data);
        out.flush();
        return this;
    }

    /** Half-close: no more data from us; reading goes on. */
    public TunnelProbe shutdownOutput() throws IOException {
        socket.shutdownOutput();
        return this;
    }

    /** Reads exactly {@code n} bytes. */
    public byte[] readExactly(int n) throws IOException {
        return in.readNBytes(n);
    }

    /** Reads until EOF. */
    public byte[] readToEnd() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        in.transferTo(b);
        return b.toByteArray();
    }

    /**
     * Waits until the peer closes: true for EOF or reset, false when still open after {@code within}.
     * Data that arrives meanwhile is discarded.
     */
    public boolean awaitClosed(Duration within) throws IOException {
        long deadline = System.nanoTime() + within.toNanos();
        int old = socket.getSoTimeout();
        byte[] b = new byte[8192];
        try {
            while (System.nanoTime() < deadline) {
                socket.setSoTimeout((int) Math.max(1, Math.min(200, (deadline - System.nanoTime()) / 1_000_000)));
                try {
                    if (in.read(b) < 0) {
                        return true;
                    }
                } catch (SocketTimeoutException e) {
                    // keep waiting
                } catch (SocketException e) {
                    return true; // reset
                }
            }
            return false;
        } finally {
            if (!socket.isClosed()) {
                socket.setSoTimeout(old);
            }
        }
    }

    /** How the peer ended the connection. */
    public enum End { FIN, RESET, OPEN }

    /** Reads (discarding data) until the peer ends the connection: FIN (EOF), RESET, or OPEN after {@code within}. */
    public End awaitEnd(Duration within) throws IOException {
        long deadline = System.nanoTime() + within.toNanos();
        byte[] b = new byte[8192];
        while (System.nanoTime() < deadline) {
            socket.setSoTimeout((int) Math.max(1, Math.min(200, (deadline - System.nanoTime()) / 1_000_000)));
            try {
                if (in.read(b) < 0) {
                    return End.FIN;
                }
            } catch (SocketTimeoutException e) {
                // keep waiting
            } catch (SocketException e) {
                return End.RESET;
            }
        }
        return End.OPEN;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    // ------------------------------------------------------------------ bulk data

    /** Deterministic test data: byte i of the stream is {@code (i * 31 + (i >>> 13)) & 0xff}. */
    public static void fillPattern(byte[] buf, long offset, int len) {
        for (int i = 0; i < len; i++) {
            long p = offset + i;
            buf[i] = (byte) (p * 31 + (p >>> 13));
        }
    }

    /** Writes {@code n} bytes of pattern data. */
    public static void writePattern(OutputStream out, long n) throws IOException {
        byte[] buf = new byte[64 * 1024];
        long done = 0;
        while (done < n) {
            int len = (int) Math.min(buf.length, n - done);
            fillPattern(buf, done, len);
            out.write(buf, 0, len);
            done += len;
        }
    }

    /** SHA-256 of {@code n} pattern bytes. */
    public static String patternDigest(long n) {
        MessageDigest md = sha256();
        byte[] buf = new byte[64 * 1024];
        long done = 0;
        while (done < n) {
            int len = (int) Math.min(buf.length, n - done);
            fillPattern(buf, done, len);
            md.update(buf, 0, len);
            done += len;
        }
        return HexFormat.of().formatHex(md.digest());
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What went each way in {@link #streamBothWays}. */
    public record StreamResult(long sent, String sentSha256, long received, String receivedSha256, Duration took) {
        /** True when everything sent came back intact. */
        public boolean intact() {
            return sent == received && sentSha256.equals(receivedSha256);
        }
    }

    /**
     * Sends {@code bytes} of pattern data to an echo path at {@code address} while reading the echo
     * concurrently, then half-closes and reads to EOF. Compares SHA-256 of both streams.
     */
    public static StreamResult streamBothWays(InetSocketAddress address, long bytes, Duration timeout)
            throws Exception {
        long t0 = System.nanoTime();
        try (TunnelProbe p = connect(address, timeout)) {
            CompletableFuture<String> writer = CompletableFuture.supplyAsync(() -> {
                try {
                    MessageDigest md = sha256();
                    byte[] buf = new byte[64 * 1024];
                    long done = 0;
                    while (done < bytes) {
                        int len = (int) Math.min(buf.length, bytes - done);
                        fillPattern(buf, done, len);
                        md.update(buf, 0, len);
                        p.out.write(buf, 0, len);
                        done += len;
                    }
                    p.out.flush();
                    p.socket.shutdownOutput();
                    return HexFormat.of().formatHex(md.digest());
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            MessageDigest md = sha256();
            byte[] buf = new byte[64 * 1024];
            long received = 0;
            int n;
            while ((n = p.in.read(buf)) > 0) {
                md.update(buf, 0, n);
                received += n;
            }
            String sent = writer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return new StreamResult(bytes, sent, received, HexFormat.of().formatHex(md.digest()),
                    Duration.ofNanos(System.nanoTime() - t0));
        }
    }

    /** Reads to EOF and returns SHA-256 and count. */
    public static StreamResult drain(InputStream in) throws IOException {
        MessageDigest md = sha256();
        byte[] buf = new byte[64 * 1024];
        long received = 0;
        int n;
        while ((n = in.read(buf)) > 0) {
            md.update(buf, 0, n);
            received += n;
        }
        return new StreamResult(0, "", received, HexFormat.of().formatHex(md.digest()), Duration.ZERO);
    }

    public InputStream in() {
        return in;
    }

    public OutputStream out() {
        return out;
    }
}
