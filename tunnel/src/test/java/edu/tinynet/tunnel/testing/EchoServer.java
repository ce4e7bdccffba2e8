package edu.tinynet.tunnel.testing;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A plain TCP backend on 127.0.0.1 and a dynamic port, one thread per connection. Modes:
 * <ul>
 *   <li>{@link Mode#ECHO}: sends back what it reads; at EOF shuts down its output (half-close
 *       friendly) and closes.</li>
 *   <li>{@link Mode#SINK}: reads and discards; at EOF closes. Counts bytes.</li>
 *   <li>{@link Mode#REPLY_AFTER_EOF}: reads everything until EOF, and only then answers: the
 *       SHA-256 of what it read (32 bytes) followed by {@code replySize} bytes of
 *       {@link TunnelProbe#pattern pattern} data, then closes. Only a relay that passes on
 *       half-close delivers that reply.</li>
 *   <li>{@link Mode#SOURCE}: ignores input and sends {@code replySize} pattern bytes at once, then
 *       closes.</li>
 *   <li>{@link Mode#HOLD}: reads until EOF, then neither answers nor closes (until the server is
 *       closed): a backend that never finishes.</li>
 *   <li>{@link Mode#CLOSE_AFTER}: reads {@code replySize} bytes, then closes while the peer may still be
 *       sending (the kernel answers further data with a RST): a backend that dies mid-upload.</li>
 *   <li>{@link Mode#SOURCE_THEN_CLOSE}: sends {@code replySize} pattern bytes, then closes at once
 *       (FIN), reading nothing: a backend that stops in the middle of a response.</li>
 *   <li>{@link Mode#SOURCE_THEN_RESET}: the same, but closes with SO_LINGER 0 (RST).</li>
 *   <li>{@link Mode#NEVER_READ}: accepts and then neither reads nor writes, until the server is closed.</li>
 *   <li>{@link Mode#REPLY_FIRST}: sends {@code replySize} pattern bytes and shuts down its output
 *       first, then reads until EOF: the other half-close direction.</li>
 * </ul>
 * Every connection's end is recorded ({@link #ended()}, {@link #awaitEnded}): how many bytes were
 * read, their SHA-256, and whether the peer ended it with EOF or a reset, or the server itself did.
 */
public final class EchoServer implements AutoCloseable {

    /** What the server does with a connection. */
    public enum Mode {
        ECHO, SINK, REPLY_AFTER_EOF, SOURCE, HOLD, CLOSE_AFTER, SOURCE_THEN_CLOSE, SOURCE_THEN_RESET, NEVER_READ,
        REPLY_FIRST
    }

    /** How a connection ended, seen from the server. */
    public enum End {
        /** The peer sent EOF (FIN). */
        EOF,
        /** The peer reset the connection. */
        RESET,
        /** The server closed it itself (its mode says so, or the server was closed). */
        BY_SERVER
    }

    /** One finished connection: bytes read from the peer, their SHA-256, and how it ended. */
    public record Ended(long bytesRead, String sha256, End how) {
    }

    private final ServerSocket server;
    private final Mode mode;
    private final long replySize;
    private final Thread acceptor;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicLong bytesRead = new AtomicLong();
    private volatile boolean closed;
    private volatile InetSocketAddress lastPeer;

    private final List<Ended> ended = new ArrayList<>();

    private EchoServer(Mode mode, long replySize, int port) throws IOException {
        this.mode = mode;
        this.replySize = replySize;
        this.server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1024);
        this.acceptor = new Thread(this::acceptLoop, "echo-accept-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** An echo server. */
    public static EchoServer echo() throws IOException {
        return new EchoServer(Mode.ECHO, 0, 0);
    }

    /** A server in {@code mode}; {@code replySize} is used by REPLY_AFTER_EOF and SOURCE. */
    public static EchoServer start(Mode mode, long replySize) throws IOException {
        return new EchoServer(mode, replySize, 0);
    }

    /** A server in {@code mode} on a given loopback port (e.g. one that was refusing connections before). */
    public static EchoServer start(Mode mode, long replySize, int port) throws IOException {
        return new EchoServer(mode, replySize, port);
    }

    /** Connections that have ended so far, in order of ending. */
    public List<Ended> ended() {
        synchronized (ended) {
            return List.copyOf(ended);
        }
    }

    /** Waits until {@code n} connections have ended; fails after {@code within}. */
    public List<Ended> awaitEnded(int n, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        synchronized (ended) {
            while (ended.size() < n) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError(ended.size() + " of " + n + " backend connections ended within "
                            + within + ": " + ended);
                }
                ended.wait(Math.max(1, left / 1_000_000));
            }
            return List.copyOf(ended);
        }
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Connections accepted so far. */
    public int accepted() {
        return accepted.get();
    }

    /** The remote address of the last connection accepted, or null. */
    public InetSocketAddress lastPeer() {
        return lastPeer;
    }

    /** Bytes read from all connections. */
    public long bytesRead() {
        return bytesRead.get();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket s = server.accept();
                accepted.incrementAndGet();
                lastPeer = (InetSocketAddress) s.getRemoteSocketAddress();
                open.add(s);
                Thread t = new Thread(() -> serve(s), "echo-" + s.getPort());
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        Tap in = null;
        End how = End.BY_SERVER;
        try (s) {
            s.setTcpNoDelay(true);
            in = new Tap(s.getInputStream());
            OutputStream out = s.getOutputStream();
            byte[] buf = new byte[64 * 1024];
            switch (mode) {
                case ECHO -> {
                    int n;
                    while ((n = in.read(buf)) > 0) {
                        bytesRead.addAndGet(n);
                        out.write(buf, 0, n);
                    }
                    out.flush();
                    s.shutdownOutput();
                    drain(in);
                }
                case SINK -> {
                    int n;
                    while ((n = in.read(buf)) > 0) {
                        bytesRead.addAndGet(n);
                    }
                }
                case REPLY_AFTER_EOF -> {
                    MessageDigest md = MessageDigest.getInstance("SHA-256");
                    int n;
                    while ((n = in.read(buf)) > 0) {
                        bytesRead.addAndGet(n);
                        md.update(buf, 0, n);
                    }
                    out.write(md.digest());
                    TunnelProbe.writePattern(out, replySize);
                    out.flush();
                    s.shutdownOutput();
                }
                case HOLD -> {
                    int n;
                    while ((n = in.read(buf)) > 0) {
                        bytesRead.addAndGet(n);
                    }
                    while (!closed && !s.isClosed()) {
                        Thread.sleep(50);
                    }
                }
                case SOURCE -> {
                    TunnelProbe.writePattern(out, replySize);
                    out.flush();
                    s.shutdownOutput();
                    drain(in);
                }
                case CLOSE_AFTER -> {
                    long left = replySize;
                    int n;
                    while (left > 0 && (n = in.read(buf, 0, (int) Math.min(buf.length, left))) > 0) {
                        bytesRead.addAndGet(n);
                        left -= n;
                    }
                }
                case SOURCE_THEN_CLOSE -> {
                    TunnelProbe.writePattern(out, replySize);
                    out.flush();
                }
                case SOURCE_THEN_RESET -> {
                    TunnelProbe.writePattern(out, replySize);
                    out.flush();
                    Thread.sleep(200); // let the data leave before the RST discards what is unsent
                    s.setSoLinger(true, 0);
                }
                case NEVER_READ -> {
                    while (!closed && !s.isClosed()) {
                        Thread.sleep(50);
                    }
                }
                case REPLY_FIRST -> {
                    TunnelProbe.writePattern(out, replySize);
                    out.flush();
                    s.shutdownOutput();
                    int n;
                    while ((n = in.read(buf)) > 0) {
                        bytesRead.addAndGet(n);
                    }
                }
                default -> throw new IllegalStateException();
            }
        } catch (SocketException e) {
            // peer reset: fine for a test backend
            how = closed ? End.BY_SERVER : End.RESET;
        } catch (Exception e) {
            if (!closed) {
                System.err.println("EchoServer: " + e);
            }
        } finally {
            open.remove(s);
            if (in != null) {
                if (how != End.RESET && in.eof) {
                    how = End.EOF;
                }
                synchronized (ended) {
                    ended.add(new Ended(in.count, HexFormat.of().formatHex(in.md.digest()), how));
                    ended.notifyAll();
                }
            }
        }
    }

    /** Counts and digests what is read, and notes EOF. */
    private static final class Tap extends FilterInputStream {
        final MessageDigest md = TunnelProbe.sha256();
        long count;
        boolean eof;

        Tap(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            byte[] b = new byte[1];
            return read(b, 0, 1) < 0 ? -1 : b[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n < 0) {
                eof = true;
            } else {
                md.update(b, off, n);
                count += n;
            }
            return n;
        }
    }

    private static void drain(InputStream in) throws IOException {
        byte[] b = new byte[8192];
        while (in.read(b) > 0) {
            // wait for the peer's EOF so our FIN is not turned into a RST
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
