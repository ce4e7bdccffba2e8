package edu.tinynet.tunnel.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.security.MessageDigest;
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
 * </ul>
 */
public final class EchoServer implements AutoCloseable {

    /** What the server does with a connection. */
    public enum Mode { ECHO, SINK, REPLY_AFTER_EOF, SOURCE, HOLD }

    private final ServerSocket server;
    private final Mode mode;
    private final long replySize;
    private final Thread acceptor;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicLong bytesRead = new AtomicLong();
    private volatile boolean closed;
    private volatile InetSocketAddress lastPeer;

    private EchoServer(Mode mode, long replySize) throws IOException {
        this.mode = mode;
        this.replySize = replySize;
        this.server = new ServerSocket(0, 1024, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::acceptLoop, "echo-accept-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** An echo server. */
    public static EchoServer echo() throws IOException {
        return new EchoServer(Mode.ECHO, 0);
    }

    /** A server in {@code mode}; {@code replySize} is used by REPLY_AFTER_EOF and SOURCE. */
    public static EchoServer start(Mode mode, long replySize) throws IOException {
        return new EchoServer(mode, replySize);
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
        try (s) {
            s.setTcpNoDelay(true);
            InputStream in = s.getInputStream();
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
                default -> throw new IllegalStateException();
            }
        } catch (SocketException e) {
            // peer reset: fine for a test backend
        } catch (Exception e) {
            if (!closed) {
                System.err.println("EchoServer: " + e);
            }
        } finally {
            open.remove(s);
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
