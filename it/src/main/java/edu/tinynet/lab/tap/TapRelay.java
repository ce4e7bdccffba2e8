package edu.tinynet.lab.tap;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay: forwards every byte unchanged in both directions between the connections it accepts
 * and a target. Recording (the default), it is the lab's eavesdropper: it sits on the network hop
 * between two hosts and keeps a copy of each direction of each connection, exactly what a sniffer
 * such as tcpflow on that link would see. Not recording, it is the plain TCP forwarding the lab uses
 * in place of a tunnel pair with {@code --no-tls}.
 *
 * <p>Where the relay's own outgoing connection comes from is chosen with {@link Builder#sourceAddress}
 * (a host's address, as stunnel's {@code local} option) or {@link Builder#transparent()} (the
 * accepted client's own address, so the target sees the same peer address as without the tap).
 *
 * <p>Captures are kept in memory up to {@link #MAX_CAPTURE_BYTES} per direction and connection
 * (the relay keeps forwarding beyond that) and optionally written to a directory as
 * {@code <hop>-<n>-c2s.bin} / {@code -s2c.bin} files when the connection ends.
 *
 * <p>When the target cannot be reached the accepted connection is reset (RST), the closest a
 * relay can come to the "connection refused" the client would have seen without it, and
 * {@link Events#targetUnreachable} says why.
 */
public final class TapRelay implements Closeable {

    /** Bytes kept per direction of one connection. */
    public static final int MAX_CAPTURE_BYTES = 16 * 1024 * 1024;

    /** What a relay reports. Methods have no-op defaults; calls come from the relay's threads. */
    public interface Events {
        /** A client connected; {@code id} numbers the connection within this relay. */
        default void accepted(String hop, int id, InetSocketAddress client) {
        }

        /** The target refused or could not be reached; the client's connection was reset. */
        default void targetUnreachable(String hop, int id, InetSocketAddress target, String reason) {
        }

        /** A connection ended, with the bytes relayed each way. */
        default void closed(String hop, int id, long clientToServer, long serverToClient) {
        }
    }

    /** One relayed connection's capture. */
    public static final class Capture {
        private final int id;
        private final InetSocketAddress client;
        private final BoundedBuffer clientToServer;
        private final BoundedBuffer serverToClient;
        private volatile boolean finished;

        Capture(int id, InetSocketAddress client, boolean record) {
            this.id = id;
            this.client = client;
            this.clientToServer = new BoundedBuffer(record);
            this.serverToClient = new BoundedBuffer(record);
        }

        public int id() {
            return id;
        }

        /** The address the accepted connection came from. */
        public InetSocketAddress client() {
            return client;
        }

        /** True once both directions have ended. */
        public boolean finished() {
            return finished;
        }

        public byte[] clientToServer() {
            return clientToServer.bytes();
        }

        public byte[] serverToClient() {
            return serverToClient.bytes();
        }

        /** Adds bytes as if relayed (for summaries of captures made elsewhere, and tests). */
        void append(boolean toServer, byte[] b) {
            (toServer ? clientToServer : serverToClient).write(b, 0, b.length);
        }

        void finish() {
            finished = true;
        }

        /** Bytes relayed client to server (also beyond the capture limit). */
        public long clientToServerCount() {
            return clientToServer.total();
        }

        /** Bytes relayed server to client (also beyond the capture limit). */
        public long serverToClientCount() {
            return serverToClient.total();
        }
    }

    private static final class BoundedBuffer {
        private final ByteArrayOutputStream out;
        private long total;

        BoundedBuffer(boolean record) {
            this.out = record ? new ByteArrayOutputStream() : null;
        }

        synchronized void write(byte[] b, int off, int len) {
            total += len;
            if (out == null) {
                return;
            }
            int room = MAX_CAPTURE_BYTES - out.size();
            if (room > 0) {
                out.write(b, off, Math.min(room, len));
            }
        }

        synchronized byte[] bytes() {
            return out == null ? new byte[0] : out.toByteArray();
        }

        synchronized long total() {
            return total;
        }
    }

    /** Builder of a {@link TapRelay}. */
    public static final class Builder {
        private final String hop;
        private final InetSocketAddress listen;
        private final InetSocketAddress target;
        private InetAddress source;
        private boolean transparent;
        private boolean record = true;
        private Path saveDir;
        private Events events = new Events() {
        };

        private Builder(String hop, InetSocketAddress listen, InetSocketAddress target) {
            this.hop = Objects.requireNonNull(hop, "hop");
            this.listen = Objects.requireNonNull(listen, "listen");
            this.target = Objects.requireNonNull(target, "target");
        }

        /** Outgoing connections come from {@code address} (any free port). Default: the system's choice. */
        public Builder sourceAddress(InetAddress address) {
            this.source = address;
            this.transparent = false;
            return this;
        }

        /** Outgoing connections come from the accepted client's own address, so the tap is invisible to the target. */
        public Builder transparent() {
            this.transparent = true;
            this.source = null;
            return this;
        }

        /** Keep a copy of the traffic (default true); false makes a plain forwarder. */
        public Builder record(boolean record) {
            this.record = record;
            return this;
        }

        /** Write each connection's capture to this directory when it ends (recording relays only). */
        public Builder saveDir(Path dir) {
            this.saveDir = dir;
            return this;
        }

        /** Receives connection events. */
        public Builder events(Events events) {
            this.events = Objects.requireNonNull(events, "events");
            return this;
        }

        /** Binds and starts accepting. */
        public TapRelay start() throws IOException {
            return new TapRelay(this);
        }
    }

    private final String hop;
    private final ServerSocket server;
    private final InetSocketAddress target;
    private final InetAddress source;
    private final boolean transparent;
    private final boolean record;
    private final Path saveDir;
    private final Events events;
    private final List<Capture> captures = new CopyOnWriteArrayList<>();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger ids = new AtomicInteger();
    private final Thread acceptor;
    private volatile boolean closed;

    /** A builder; {@code hop} names the relay in messages and file names, e.g. {@code webserver->ldaphost}. */
    public static Builder builder(String hop, InetSocketAddress listen, InetSocketAddress target) {
        return new Builder(hop, listen, target);
    }

    /**
     * Starts a recording tap whose outgoing connections come from the system's choice of address.
     *
     * @param hop     a name for messages and file names, e.g. {@code webserver->ldaphost}
     * @param listen  where the tap listens (the address the upstream side connects to)
     * @param target  where it forwards to
     * @param saveDir directory for capture files, or null to keep them in memory only
     */
    public TapRelay(String hop, InetSocketAddress listen, InetSocketAddress target, Path saveDir) throws IOException {
        this(builder(hop, listen, target).saveDir(saveDir));
    }

    private TapRelay(Builder b) throws IOException {
        this.hop = b.hop;
        this.target = b.target;
        this.source = b.source;
        this.transparent = b.transparent;
        this.record = b.record;
        this.saveDir = b.record ? b.saveDir : null;
        this.events = b.events;
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        try {
            s.bind(b.listen, 128);
        } catch (IOException e) {
            s.close();
            throw new IOException((record ? "tap " : "forwarder ") + hop + ": cannot listen on "
                    + b.listen.getHostString() + ":" + b.listen.getPort() + ": " + e.getMessage(), e);
        }
        this.server = s;
        this.acceptor = new Thread(this::acceptLoop, "tap-" + hop);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public String hop() {
        return hop;
    }

    /** True for a recording tap, false for a plain forwarder. */
    public boolean recording() {
        return record;
    }

    /** The address the relay listens on. */
    public InetSocketAddress listenAddress() {
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    public InetSocketAddress target() {
        return target;
    }

    /** Every connection seen so far (with empty captures when not recording). */
    public List<Capture> captures() {
        return List.copyOf(captures);
    }

    /** Connections not finished yet. */
    public int activeConnections() {
        int n = 0;
        for (Capture c : captures) {
            if (!c.finished()) {
                n++;
            }
        }
        return n;
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
                    System.err.println((record ? "tap " : "forwarder ") + hop + ": accept failed: " + e.getMessage());
                }
                return;
            }
            Capture cap = new Capture(ids.incrementAndGet(), (InetSocketAddress) client.getRemoteSocketAddress(), record);
            captures.add(cap);
            events.accepted(hop, cap.id, cap.client);
            Thread t = new Thread(() -> relay(client, cap), "tap-" + hop + "-" + cap.id);
            t.setDaemon(true);
            t.start();
        }
    }

    private void relay(Socket client, Capture cap) {
        open.add(client);
        Socket upstream = new Socket();
        open.add(upstream);
        try {
            InetAddress from = transparent ? client.getInetAddress() : source;
            if (from != null) {
                upstream.bind(new InetSocketAddress(from, 0));
            }
            try {
                upstream.connect(target, 10_000);
            } catch (IOException e) {
                events.targetUnreachable(hop, cap.id, target, e.getMessage());
                reset(client);
                return;
            }
            client.setTcpNoDelay(true);
            upstream.setTcpNoDelay(true);
            Thread back = new Thread(() -> pump(upstream, client, cap.serverToClient),
                    "tap-" + hop + "-" + cap.id + "-s2c");
            back.setDaemon(true);
            back.start();
            pump(client, upstream, cap.clientToServer);
            back.join();
        } catch (IOException e) {
            events.targetUnreachable(hop, cap.id, target, e.getMessage());
            reset(client);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly(client);
            closeQuietly(upstream);
            open.remove(client);
            open.remove(upstream);
            cap.finished = true;
            save(cap);
            events.closed(hop, cap.id, cap.clientToServerCount(), cap.serverToClientCount());
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
        } catch (IOException e) {
            // a reset or a closed socket on either side ends both directions
            reset(to);
            closeQuietly(from);
        }
    }

    private static void reset(Socket s) {
        try {
            s.setSoLinger(true, 0);
        } catch (IOException ignored) {
            // already closed
        }
        closeQuietly(s);
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

    /** Stops listening and closes every relayed connection. */
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
