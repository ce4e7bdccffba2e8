package edu.tinynet.tunnel.relay;

import edu.tinynet.tunnel.config.Timeouts;
import edu.tinynet.tunnel.relay.ServiceRuntime.Target;
import edu.tinynet.tunnel.service.ActiveConnection;
import edu.tinynet.tunnel.service.CloseStatus;
import edu.tinynet.tunnel.service.ConnectionInfo;
import edu.tinynet.tunnel.service.ConnectionStats;
import edu.tinynet.tunnel.service.HandshakeInfo;
import edu.tinynet.tunnel.service.TunnelListener;
import edu.tinynet.tunnel.tls.filter.TlsEvent;
import edu.tinynet.tunnel.tls.filter.TlsFilter;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.future.ConnectFuture;
import org.apache.mina.core.future.WriteFuture;
import org.apache.mina.core.session.IdleStatus;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.core.write.WriteToClosedSessionException;
import org.apache.mina.transport.socket.SocketSessionConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One relayed connection: the accepted session, the connected session and the two directions of
 * data between them. The two MINA handlers ({@link AcceptSideHandler}, {@link ConnectSideHandler})
 * only find this object through {@link Relay#CONNECTION} and call it.
 *
 * <h2>Life</h2>
 * <ol>
 *   <li>Accepted. {@code client = yes}: reading from the client is suspended and the connect
 *       starts. {@code client = no}: the TLS handshake runs on the accepted session first; the
 *       connect starts when it is secured (as stunnel does: no backend connection for clients that
 *       fail the handshake).</li>
 *   <li>Connect: the addresses of the service are tried in order ({@code failover = prio}) or
 *       starting one further per connection ({@code rr}), each bounded by {@code TIMEOUTconnect}.
 *       The outgoing session is put on the accepted session's I/O processor.</li>
 *   <li>Relaying starts when the outgoing side is usable (connected, and secured for TLS).</li>
 *   <li>Each direction ends on its own (half-close, below); when both have ended the sessions are
 *       closed. An error, a timeout or a vanished peer ends both at once.</li>
 * </ol>
 *
 * <h2>Flow control</h2>
 * Every message read from one side is written to the other as is (no copy). When more than
 * {@link RelayTuning#highWater()} bytes of a direction are written but not yet on the wire, reading
 * from its source is suspended until the backlog falls to {@link RelayTuning#lowWater()}; with the
 * default 0/0 that is: suspend, write, resume when the write completes. The backlog of a direction
 * is therefore bounded by one read plus the high-water mark; {@link ConnectionStats} reports it and
 * its peak.
 *
 * <h2>Half-close</h2>
 * A direction ends when its source stops sending: EOF on a plaintext socket, close_notify (or EOF
 * without it) on a TLS session. Once everything read from that source is written, the end is passed
 * on: a plaintext destination gets a TCP {@code shutdownOutput()} (FIN), a TLS destination gets
 * close_notify. The other direction goes on. While one direction has ended, the connection may be
 * inactive for at most {@code TIMEOUTclose} (stunnel's rule), otherwise {@code TIMEOUTidle}.
 * See {@code docs/relay.md} for the whole design, including the TLS 1.2 limit.
 *
 * <h2>Threads</h2>
 * Both sessions are served by one I/O thread (see {@link AffinityProcessorPool}), so reads, write
 * completions, suspends and resumes of a connection all happen there. Connect failures arrive on
 * the connector thread and stop requests on the caller's, hence the monitor; it is never held
 * while waiting for anything.
 */
public final class RelayConnection {

    private static final Logger LOG = LoggerFactory.getLogger(RelayConnection.class);

    private final ServiceRuntime runtime;
    private final ConnectionInfo info;
    private final TunnelListener listener;
    private final IoSession accepted;
    private final boolean clientMode;
    private final long startNanos = System.nanoTime();
    private final Timeouts timeouts;
    private final int highWater;
    private final int lowWater;
    private final Flow up = new Flow(true);
    private final Flow down = new Flow(false);

    // ---- guarded by this
    private IoSession connected;
    private List<Target> candidates;
    private int attempt;
    private ConnectFuture connecting;
    private long connectDeadline;
    private boolean connectTimedOut;
    private String lastConnectError;
    private boolean outboundReady;
    /** The attempt whose TCP connect has completed (set on the connector's thread, before sessionCreated). */
    private volatile ConnectFuture established;
    private boolean finishing;
    private CloseStatus status;
    private String reason;
    private boolean acceptedClosed;
    private boolean connectedClosed;
    private boolean reported;
    /** Client mode: the connection's resumption slot went back to the service (see ServiceTls#release). */
    private boolean resumptionReleased;
    private String resetReason;

    private RelayConnection(ServiceRuntime runtime, IoSession accepted) {
        this.runtime = runtime;
        this.accepted = accepted;
        this.clientMode = runtime.config().client();
        this.listener = runtime.listener();
        this.timeouts = runtime.config().timeouts();
        this.highWater = runtime.context().tuning().highWater();
        this.lowWater = runtime.context().tuning().lowWater();
        this.info = new ConnectionInfo(runtime.context().nextId(), runtime.name(), clientMode,
                (InetSocketAddress) accepted.getRemoteAddress(), (InetSocketAddress) accepted.getLocalAddress(),
                runtime.config().debugLevel());
    }

    // ================================================================== accept side

    /** Called from {@code sessionCreated} of an accepted session: attaches a new connection. */
    static RelayConnection accept(ServiceRuntime runtime, IoSession session) {
        RelayConnection c = new RelayConnection(runtime, session);
        session.setAttribute(Relay.CONNECTION, c);
        runtime.context().register(c);
        session.getConfig().setIdleTime(IdleStatus.WRITER_IDLE, 1);
        SocketSettings.apply(runtime.config().socketOptions(), 'l', (SocketSessionConfig) session.getConfig());
        synchronized (c) {
            c.listener.accepted(c.info);
            if (c.clientMode) {
                c.up.waiting = true;
                c.up.applyReading();
            } else {
                SSLEngine engine;
                try {
                    InetSocketAddress peer = c.info.peer();
                    engine = peer == null || peer.getAddress() == null ? runtime.tls().newEngine(false, null, -1)
                            : runtime.tls().newEngine(false, peer.getAddress().getHostAddress(), peer.getPort());
                } catch (RuntimeException e) {
                    c.finish(CloseStatus.RESET, "TLS setup failed: " + e.getMessage());
                    return c;
                }
                TlsFilter.install(session, engine, c.timeouts.busy(), c.timeouts.close(), runtime.failureDescriber());
            }
        }
        return c;
    }

    /** Called from {@code sessionOpened} of the accepted session. */
    synchronized void acceptedOpened() {
        if (clientMode && !finishing) {
            startConnect();
        }
    }

    // ================================================================== connect side

    private void startConnect() {
        if (runtime.resolvesPerConnection()) {
            runtime.context().resolver().execute(() -> {
                List<Target> found;
                try {
                    found = runtime.candidates();
                } catch (UnknownHostException e) {
                    synchronized (this) {
                        finish(CloseStatus.RESET, e.getMessage());
                    }
                    return;
                }
                synchronized (this) {
                    candidates = found;
                    attempt = 0;
                    attemptNext();
                }
            });
            return;
        }
        try {
            candidates = runtime.candidates();
        } catch (UnknownHostException e) {
            finish(CloseStatus.RESET, e.getMessage());
            return;
        }
        attempt = 0;
        attemptNext();
    }

    private void attemptNext() {
        if (finishing) {
            maybeReport();
            return;
        }
        if (attempt >= candidates.size()) {
            finish(CloseStatus.RESET, "No more addresses to connect"
                    + (lastConnectError != null ? " (last: " + lastConnectError + ")" : ""));
            return;
        }
        Target target = candidates.get(attempt++);
        InetSocketAddress address = target.address();
        listener.connecting(info, address);
        SSLEngine engine = null;
        if (clientMode) {
            try {
                engine = runtime.tls().newEngine(true, target.endpoint().host(), address.getPort());
            } catch (RuntimeException e) {
                finish(CloseStatus.RESET, "TLS setup failed: " + e.getMessage());
                return;
            }
        }
        SSLEngine tlsEngine = engine;
        SocketAddress local = runtime.localAddress() != null ? new InetSocketAddress(runtime.localAddress(), 0) : null;
        connectTimedOut = false;
        connectDeadline = System.currentTimeMillis() + timeouts.connect().toMillis();
        ConnectFuture f = runtime.context().connector().connect(address, local,
                (session, future) -> initConnected(session, future, tlsEngine));
        connecting = f;
        f.addListener(done -> connectDone((ConnectFuture) done, address));
    }

    /** Runs before the outgoing session is registered: same processor as the accepted session, TLS, options. */
    private void initConnected(IoSession session, ConnectFuture future, SSLEngine engine) {
        established = future;
        session.setAttribute(AffinityProcessorPool.AFFINITY, accepted);
        session.setAttribute(Relay.CONNECTION, this);
        session.setAttribute(Relay.ATTEMPT, future);
        session.getConfig().setIdleTime(IdleStatus.WRITER_IDLE, 1);
        SocketSettings.apply(runtime.config().socketOptions(), 'r', (SocketSessionConfig) session.getConfig());
        if (engine != null) {
            TlsFilter.install(session, engine, timeouts.busy(), timeouts.close(), runtime.failureDescriber());
        }
    }

    private synchronized void connectDone(ConnectFuture f, InetSocketAddress address) {
        if (f.isConnected() || connecting != f) {
            return;
        }
        connecting = null;
        String why = f.isCanceled() ? (connectTimedOut ? "TIMEOUTconnect exceeded" : "canceled")
                : describeConnectError(f.getException());
        lastConnectError = why;
        if (!finishing) {
            listener.connectFailed(info, address, why);
        }
        attemptNext();
    }

    private static String describeConnectError(Throwable t) {
        if (t == null) {
            return "unknown error";
        }
        if (t instanceof ConnectException && t.getMessage() != null) {
            return t.getMessage();
        }
        return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    }

    /** Called from {@code sessionCreated} of an outgoing session. */
    synchronized void connectedCreated(IoSession session) {
        if (finishing || session.getAttribute(Relay.ATTEMPT) != connecting) {
            session.closeNow(); // stale attempt (timed out, or the client left meanwhile)
            return;
        }
        connecting = null;
        connected = session;
    }

    /** Called from {@code sessionOpened} of an outgoing session. */
    synchronized void connectedOpened(IoSession session) {
        if (session != connected || finishing) {
            return;
        }
        listener.connected(info, (InetSocketAddress) session.getRemoteAddress(),
                (InetSocketAddress) session.getLocalAddress());
        if (!clientMode) {
            outboundReady();
        }
    }

    private void outboundReady() {
        if (outboundReady) {
            return;
        }
        outboundReady = true;
        up.waiting = false;
        up.flushEarly();
        up.applyReading();
        down.applyReading();
        up.propagateEofIfDrained();
    }

    // ================================================================== TLS events

    synchronized void tlsEvent(IoSession session, TlsEvent event) {
        if (event instanceof TlsEvent.Secured) {
            TlsEvent.Secured s = (TlsEvent.Secured) event;
            listener.handshakeCompleted(info, handshakeInfo(s));
            if (finishing) {
                return;
            }
            if (session == accepted && !clientMode && connected == null && connecting == null
                    && candidates == null) {
                startConnect();
            } else if (session == connected) {
                outboundReady();
            }
        } else if (event instanceof TlsEvent.Failed) {
            TlsEvent.Failed f = (TlsEvent.Failed) event;
            if (f.duringHandshake()) {
                listener.handshakeFailed(info, f.reason());
                finish(CloseStatus.RESET, "TLS handshake failed: " + f.reason());
            } else {
                finish(CloseStatus.RESET, "TLS error: " + f.reason());
            }
        } else if (event instanceof TlsEvent.OutboundClosed) {
            // TLS 1.2 answered the peer's close_notify: nothing more can go to this session
            Flow towards = session == accepted ? down : up;
            towards.dstDead();
        }
    }

    private static HandshakeInfo handshakeInfo(TlsEvent.Secured s) {
        SSLSession ss = s.session();
        String subject = null;
        try {
            java.security.cert.Certificate[] chain = ss.getPeerCertificates();
            if (chain.length > 0 && chain[0] instanceof X509Certificate) {
                subject = ((X509Certificate) chain[0]).getSubjectX500Principal().getName();
            }
        } catch (SSLPeerUnverifiedException e) {
            subject = null;
        }
        return new HandshakeInfo(s.clientMode(), ss.getProtocol(), ss.getCipherSuite(),
                HandshakeInfo.cipherBits(ss.getCipherSuite()), subject, s.resumed());
    }

    // ================================================================== data and ends

    synchronized void received(IoSession session, IoBuffer buf) {
        if (finishing) {
            return;
        }
        Flow f = session == accepted ? up : session == connected ? down : null;
        if (f != null) {
            if (f == down) {
                releaseResumption();
            }
            f.data(buf);
        }
    }

    /** Client mode: the server's data (and before it, its session ticket) has come, or the end. */
    private void releaseResumption() {
        if (!clientMode || resumptionReleased || connected == null) {
            return;
        }
        TlsFilter tls = TlsFilter.of(connected);
        if (tls != null) {
            resumptionReleased = true;
            runtime.tls().release(tls.engine());
        }
    }

    synchronized void inputClosed(IoSession session) {
        Flow f = session == accepted ? up : session == connected ? down : null;
        if (f == null || f.srcEof) {
            return;
        }
        TlsFilter tls = TlsFilter.of(session);
        String how = tls == null ? "EOF" : tls.closeNotifyReceived() ? "close_notify" : "EOF without close_notify";
        f.srcEof = true;
        f.applyReading();
        if (finishing) {
            return;
        }
        listener.inputClosed(info, tls != null, how);
        f.propagateEofIfDrained();
    }

    synchronized void exception(IoSession session, Throwable cause) {
        if (cause instanceof WriteToClosedSessionException) {
            return;
        }
        if (cause instanceof IOException) {
            if (resetReason == null) {
                resetReason = (session == accepted ? "client" : "remote") + ": "
                        + (cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName());
            }
            session.closeNow();
            return;
        }
        LOG.error("connection {}: unexpected {} in the relay", info.id(), cause.toString(), cause);
        finish(CloseStatus.RESET, "internal error: " + cause);
    }

    synchronized void sessionClosed(IoSession session) {
        if (session == accepted) {
            acceptedClosed = true;
        } else if (session == connected) {
            connectedClosed = true;
            releaseResumption();
        } else {
            return;
        }
        if (!finishing) {
            // One side vanished as a whole: the other side gets what is already queued for it,
            // then closes. Without an EOF first it was a reset; so it was if data written to it is
            // still unconfirmed (MINA closes a session on a write error without telling the
            // handler why, and leaves the future of the message it was writing incomplete).
            Flow from = session == accepted ? up : down;
            Flow into = session == accepted ? down : up;
            if (resetReason == null && (!from.srcEof || into.pending > 0)) {
                resetReason = (session == accepted ? "client" : "remote") + ": connection lost"
                        + (into.pending > 0 ? " (" + into.pending + " bytes not delivered)" : "");
            }
            finishing = true;
            status = resetReason != null ? CloseStatus.RESET : CloseStatus.CLOSED;
            reason = resetReason;
            if (connecting != null) {
                connecting.cancel();
            }
            IoSession other = session == accepted ? connected : accepted;
            if (other != null) {
                if (status == CloseStatus.RESET && runtime.config().reset()) {
                    abortiveClose(other);
                } else {
                    other.closeOnFlush();
                }
            }
        }
        maybeReport();
    }

    synchronized void tick() {
        if (finishing) {
            return;
        }
        long now = System.currentTimeMillis();
        if (connecting != null) {
            // a connect that completed is waiting for this (busy) I/O thread to open its session: not a timeout
            if (now >= connectDeadline && established != connecting) {
                connectTimedOut = true;
                connecting.cancel();
            }
            return;
        }
        if (!outboundReady || connected == null) {
            return; // handshakes are timed by the TLS filter
        }
        long busy = timeouts.busy().toMillis();
        for (Flow f : new Flow[] {up, down}) {
            if (f.pending > 0 && now - Math.max(f.pendingSince, f.dst().getLastWriteTime()) >= busy) {
                finish(CloseStatus.RESET, "TIMEOUTbusy exceeded: " + (f == up ? "remote" : "client")
                        + " did not read for " + seconds(timeouts.busy()));
                return;
            }
        }
        long lastIo = Math.max(accepted.getLastIoTime(), connected.getLastIoTime());
        boolean halfClosed = up.srcEof || down.srcEof;
        Duration limit = halfClosed ? timeouts.close() : timeouts.idle();
        if (now - lastIo >= limit.toMillis()) {
            if (halfClosed) {
                finish(CloseStatus.CLOSED, "TIMEOUTclose exceeded");
            } else {
                finish(CloseStatus.RESET, "TIMEOUTidle exceeded");
            }
        }
    }

    /** Ends the connection from outside (tunnel stop): clean close, close_notify where TLS. */
    public synchronized void shutdown(String why) {
        finish(CloseStatus.CLOSED, why);
    }

    private void checkDone() {
        if (up.eofSent && down.eofSent) {
            finish(CloseStatus.CLOSED, null);
        }
    }

    private void finish(CloseStatus st, String why) {
        if (finishing) {
            return;
        }
        finishing = true;
        status = resetReason != null && st == CloseStatus.CLOSED && why == null ? CloseStatus.RESET : st;
        reason = why != null ? why : resetReason;
        if (connecting != null) {
            connecting.cancel();
        }
        boolean abortive = status == CloseStatus.RESET && runtime.config().reset();
        for (IoSession s : new IoSession[] {accepted, connected}) {
            if (s == null) {
                continue;
            }
            TlsFilter tls = TlsFilter.of(s);
            if (tls != null && tls.isFailed()) {
                continue; // the filter closes it after sending its alert
            }
            if (abortive) {
                abortiveClose(s);
            } else {
                s.closeOnFlush();
            }
        }
        maybeReport();
    }

    /** Close with RST (SO_LINGER 0), no close_notify: stunnel's {@code reset = yes} on errors. */
    private static void abortiveClose(IoSession s) {
        TlsFilter tls = TlsFilter.of(s);
        if (tls != null) {
            tls.abort();
        }
        try {
            ((SocketSessionConfig) s.getConfig()).setSoLinger(0);
        } catch (RuntimeException e) {
            // socket already gone
        }
        s.closeNow();
    }

    private void maybeReport() {
        if (reported || !acceptedClosed || connecting != null || (connected != null && !connectedClosed)) {
            return;
        }
        reported = true;
        runtime.context().unregister(this);
        if (status == null) {
            status = resetReason != null ? CloseStatus.RESET : CloseStatus.CLOSED;
            reason = reason != null ? reason : resetReason;
        }
        listener.closed(info, stats());
    }

    // ================================================================== reporting

    public ConnectionInfo info() {
        return info;
    }

    /** Counters now (final ones once closed). */
    public synchronized ConnectionStats stats() {
        Flow toTls = clientMode ? up : down;
        Flow toSocket = clientMode ? down : up;
        return new ConnectionStats(toTls.bytes, toSocket.bytes, Duration.ofNanos(System.nanoTime() - startNanos),
                reported ? status : null, reason, toTls.pending, toSocket.pending, toTls.peak, toSocket.peak);
    }

    public ActiveConnection snapshot() {
        return new ActiveConnection(info, stats());
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    /** The peer session of {@code session} in its relay pair, or null. */
    public synchronized IoSession peerOf(IoSession session) {
        return session == accepted ? connected : session == connected ? accepted : null;
    }

    // ================================================================== one direction

    /** One direction: data read from {@code src} and written to {@code dst}. Guarded by the connection. */
    private final class Flow {

        private final boolean upstream;
        private final ArrayDeque<IoBuffer> early = new ArrayDeque<>();
        long pending;
        long peak;
        long bytes;
        long pendingSince;
        boolean waiting;
        boolean suspended;
        boolean srcEof;
        boolean eofSending;
        boolean eofSent;
        boolean dstDead;
        boolean firstChecked;

        Flow(boolean upstream) {
            this.upstream = upstream;
        }

        IoSession src() {
            return upstream ? accepted : connected;
        }

        IoSession dst() {
            return upstream ? connected : accepted;
        }

        boolean dstReady() {
            return !upstream || outboundReady;
        }

        void data(IoBuffer buf) {
            int n = buf.remaining();
            if (n == 0) {
                return;
            }
            if (!firstChecked) {
                firstChecked = true;
                checkProtocol(buf);
            }
            if (dstDead) {
                return; // TLS 1.2 peer closed; nothing can reach it any more
            }
            if (pending == 0) {
                pendingSince = System.currentTimeMillis();
            }
            pending += n;
            if (pending > peak) {
                peak = pending;
            }
            if (dstReady()) {
                write(buf, n);
            } else {
                early.add(buf);
            }
            if (pending > highWater) {
                suspended = true;
                applyReading();
            }
        }

        private void write(IoBuffer buf, int n) {
            WriteFuture f = dst().write(buf);
            f.addListener(done -> written((WriteFuture) done, n));
        }

        void flushEarly() {
            IoBuffer b;
            while ((b = early.poll()) != null) {
                write(b, b.remaining());
            }
        }

        private void written(WriteFuture f, int n) {
            synchronized (RelayConnection.this) {
                pending -= n;
                if (f.isWritten()) {
                    bytes += n;
                }
                if (suspended && pending <= lowWater) {
                    suspended = false;
                    applyReading();
                }
                propagateEofIfDrained();
            }
        }

        /** Suspends or resumes reading from the source to match the state; only on its I/O thread. */
        void applyReading() {
            IoSession s = src();
            if (s == null || finishing || s.isClosing()) {
                return;
            }
            boolean want = !waiting && !suspended && !srcEof;
            if (want == s.isReadSuspended()) {
                if (want) {
                    s.resumeRead();
                } else {
                    s.suspendRead();
                }
            }
        }

        void propagateEofIfDrained() {
            if (!srcEof || eofSending || eofSent || pending > 0 || !dstReady() || finishing) {
                return;
            }
            eofSending = true;
            IoSession d = dst();
            if (dstDead) {
                ended();
                return;
            }
            TlsFilter tls = TlsFilter.of(d);
            if (tls != null) {
                tls.shutdownOutput().addListener(done -> {
                    synchronized (RelayConnection.this) {
                        ended();
                    }
                });
            } else if (SocketShutdown.shutdownOutput(d)) {
                ended();
            } else {
                // no half-close available: the whole socket goes once its data is out
                d.closeOnFlush();
                ended();
            }
        }

        void dstDead() {
            dstDead = true;
            // whatever the source still sends cannot be delivered: stop reading it
            srcEof = true;
            applyReading();
            if (!eofSent) {
                eofSending = true;
                ended();
            }
        }

        private void ended() {
            eofSent = true;
            checkDone();
        }

        private void checkProtocol(IoBuffer buf) {
            IoSession s = src();
            if (s == null || TlsFilter.of(s) != null || buf.remaining() < 2) {
                return;
            }
            int b0 = buf.get(buf.position()) & 0xff;
            int b1 = buf.get(buf.position() + 1) & 0xff;
            if ((b0 == 0x16 || b0 == 0x15) && b1 == 0x03) {
                listener.protocolMismatch(info, upstream
                        ? "TLS received where plaintext was expected: the client speaks TLS to a"
                                + " client = yes service (should this service be client = no?)"
                        : "TLS received where plaintext was expected: the remote server speaks TLS"
                                + " (connect to its plaintext port, or use client = yes)");
            }
        }
    }
}
