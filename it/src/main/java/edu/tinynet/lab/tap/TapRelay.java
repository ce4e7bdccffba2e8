package edu.tinynet.lab.tap;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A recording TCP relay: the lab's eavesdropper. It sits on the network hop between two hosts,
 * forwards every byte unchanged in both directions, and keeps a copy of each direction of each
 * connection, exactly what a sniffer such as tcpflow on that link would see.
 *
 * <p>Captures are kept in memory up to {@link #MAX_CAPTURE_BYTES} per direction and connection
 * (the relay keeps forwarding beyond that) and optionally written to a directory as
 * {@code <hop>-<n>-c2s.bin} / {@code -s2c.bin} files.
 */
public final class TapRelay implements Closeable {

    /** Bytes kept per direction of one connection. */
    public static final int MAX_CAPTURE_BYTES = 16 * 1024 * 1024;

    /** One relayed connection's capture. */
    public static final class Capture {
        private final int id;
        private final BoundedBuffer clientToServer = new BoundedBuffer();
        private final BoundedBuffer serverToClient = new BoundedBuffer();

        Capture(int id) {
            this.id = id;
        }

        public int id() {
            return id;
        }

        public byte[] clientToServer() {
            return clientToServer.bytes();
        }

        public byte[] serverToClient() {
            return serverToClient.bytes();
        }
    }

    private static final class BoundedBuffer {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        synchronized void write(byte[] b, int off, int len) {
            int room = MAX_CAPTURE_BYTES - out.size();
            if (room > 0) {
                out.write(b, off, Math.min(room, len));
            }
        }

        synchronized byte[] bytes() {
            return out.toByteArray();
        }
    }

    private final String hop;
    private final ServerSocket server;
    private final InetSocketAddress target;
    private final Path saveDir;
    private final List<Capture> captures = new CopyOnWriteArrayList<>();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger ids = new AtomicInteger();
    private final Thread acceptor;
    private volatile boolean closed;

    /**
     * Starts a tap.
     *
     * @param hop     a name for messages and file names, e.g. {@code webserver->ldaphost}
     * @param listen  where the tap listens (the address the upstream side connects to)
     * @param target  where it forwards to
     * @param saveDir directory for capture files, or null to keep them in memory only
     */
    public TapRelay(String hop, InetSocketAddress listen, InetSocketAddress target, Path saveDir) throws IOException {
        this.hop = hop;
        this.target = target;
        this.saveDir = saveDir;
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        try {
            s.bind(listen, 128);
        } catch (IOException e) {
            s.close();
            throw new IOException("tap " + hop + ": cannot listen on " + listen.getHostString() + ":"
                    + listen.getPort() + ": " + e.getMessage(), e);
        }
        this.server = s;
        this.acceptor = new Thread(this::acceptLoop, "tap-" + hop);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public String hop() {
        return hop;
    }

    /** The address the tap listens on. */
    public InetSocketAddress listenAddress() {
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    public InetSocketAddress target() {
        return target;
    }

    /** Every connection captured so far. */
    public List<Capture> captures() {
        return List.copyOf(captures);
    }

    /** Forgets captures taken so far (connections in progress keep recording into theirs). */
    public void clear() {
        captures.clear();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("tap " + hop + ": accept failed: " + e.getMessage());
                }
                return;
            }
            Capture cap = new Capture(ids.incrementAndGet());
            captures.add(cap);
            Thread t = new Thread(() -> relay(client, cap), "tap-" + hop + "-" + cap.id);
            t.setDaemon(true);
            t.start();
        }
    }

    private void relay(Socket client, Capture cap) {
        open.add(client);
        Socket upstream = new Socket();
        try {
            upstream.connect(target, 10_000);
            open.add(upstream);
            client.setTcpNoDelay(true);
            upstream.setTcpNoDelay(true);
            Thread back = new Thread(() -> pump(upstream, client, cap.serverToClient), "tap-" + hop + "-" + cap.id + "-s2c");
            back.setDaemon(true);
            back.start();
            pump(client, upstream, cap.clientToServer);
            back.join(60_000);
        } catch (IOException e) {
            // target down: the client sees the connection close, like a dead host
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly(client);
            closeQuietly(upstream);
            open.remove(client);
            open.remove(upstream);
            save(cap);
        }
    }

    /** Copies until EOF, then half-closes the destination so the other direction can finish. */
    private static void pump(Socket from, Socket to, BoundedBuffer record) {
        byte[] buf = new byte[32 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buf)) >= 0) {
                record.write(buf, 0, n);
                out.write(buf, 0, n);
                out.flush();
            }
            to.shutdownOutput();
        } catch (SocketException e) {
            closeQuietly(to);
        } catch (IOException e) {
            closeQuietly(to);
        }
    }

    private void save(Capture cap) {
        if (saveDir == null) {
            return;
        }
        String base = hop.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + cap.id;
        try {
            Files.createDirectories(saveDir);
            Files.write(saveDir.resolve(base + "-c2s.bin"), cap.clientToServer());
            Files.write(saveDir.resolve(base + "-s2c.bin"), cap.serverToClient());
        } catch (IOException e) {
            System.err.println("tap " + hop + ": cannot save capture: " + e.getMessage());
        }
    }

    private static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(server);
        for (Socket s : new ArrayList<>(open)) {
            closeQuietly(s);
        }
        try {
            acceptor.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
