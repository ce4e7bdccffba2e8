package edu.tinynet.tunnel.tls.filter;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSession;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.filterchain.IoFilterAdapter;
import org.apache.mina.core.filterchain.IoFilterChain;
import org.apache.mina.core.future.DefaultWriteFuture;
import org.apache.mina.core.future.WriteFuture;
import org.apache.mina.core.session.IdleStatus;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.core.write.WriteRequest;
import org.apache.mina.core.write.WriteToClosedSessionException;

/**
 * TLS for one MINA session, on an {@link SSLEngine} we are given. Used instead of MINA's
 * {@code SslFilter}, which moved a tenth of the bytes per second, swallowed {@code sessionClosed}
 * after a failed handshake and logged stack traces for routine peer errors.
 *
 * <h2>Data path</h2>
 * <ul>
 *   <li>Receive: every record in a read is decrypted into <em>one</em> buffer that goes up as one
 *       message. A record split across reads is carried over; only its missing bytes are copied,
 *       the rest of the read is decrypted in place.</li>
 *   <li>Send: one application buffer becomes one buffer of back-to-back records (a 64 KiB write is
 *       four full records in one socket write). The application's {@link WriteFuture} completes
 *       when those records are on the wire, and {@code messageSent} reports the original
 *       request.</li>
 *   <li>Handshake: driven from the I/O events, never blocking; delegated tasks run inline (they
 *       are short: signature checks and key agreement). Records of one flight are sent in one
 *       write. Writes made before the handshake ends are held and sent, in order, after it.</li>
 * </ul>
 *
 * <h2>Events</h2>
 * {@link TlsEvent.Secured} after the handshake; {@link TlsEvent.Failed} with a one-line reason
 * when it fails (then the session is closed, and {@code sessionClosed} still reaches the handler);
 * {@code inputClosed} when the peer's close_notify arrives or the TCP stream ends. Plaintext where
 * TLS was expected fails at once with a hint ({@link FailureReasons#PLAINTEXT_ON_TLS_SERVER}),
 * even when fewer than five bytes arrived.
 *
 * <h2>Closing</h2>
 * <ul>
 *   <li>{@link #shutdownOutput()}: half-close. Sends close_notify and keeps reading; with TLS 1.3
 *       the peer may go on sending.</li>
 *   <li>{@code session.closeNow()/closeOnFlush()}: sends close_notify (unless already sent, the
 *       handshake never completed, or {@link #abort()} was called) and closes the socket once it
 *       is written, or after {@code closeTimeout} if the peer does not read.</li>
 *   <li>TCP EOF without close_notify after the handshake is reported as {@code inputClosed} too
 *       ({@link #truncated()} tells); the engine is left usable so the other direction can finish.</li>
 * </ul>
 *
 * <h2>Timeouts and threads</h2>
 * The filter sets a one-second {@link IdleStatus#WRITER_IDLE} tick on its session and uses it to
 * end handshakes that take longer than {@code handshakeTimeout} and deferred closes that take
 * longer than {@code closeTimeout}; the tick continues to the handler. All state is guarded by the
 * filter's monitor, so writes and closes may come from any thread; records are passed down while
 * holding it (so they stay in order), events are passed up after releasing it.
 *
 * <p>One instance per session: add it with {@link #install(IoSession, SSLEngine, Duration, Duration)}.
 */
public final class TlsFilter extends IoFilterAdapter {

    /** Name of the filter in the session's chain. */
    public static final String NAME = "tls";

    private static final int RECORD_HEADER = 5;
    /** Writes up to this size are wrapped into {@link #SCRATCH} and copied out at their real size. */
    private static final int SMALL_WRITE = 4096;
    /** Per I/O thread: JSSE insists on a whole packet buffer of room for every wrap. */
    private static final ThreadLocal<IoBuffer> SCRATCH = new ThreadLocal<>();
    /** The longest record TLS allows: 2^14 bytes of plaintext plus 2048 of expansion, plus the header. */
    private static final int MAX_RECORD = RECORD_HEADER + (1 << 14) + 2048;
    private static final int ALERT = 21;
    private static final int MAX_FRAGMENT = 16384;
    /**
     * Application bytes JSSE (Java 17) puts in one TLS 1.3 record. The filter learns the real value
     * from its first full-record wrap; this is the starting guess.
     */
    public static final int RECORD_PAYLOAD = 16367;
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    private static final Object INPUT_CLOSED = new Object();
    /** A TLS 1.2 record: fatal alert, unexpected_message. */
    private static final byte[] UNEXPECTED_MESSAGE_ALERT = {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x0a};

    private final SSLEngine engine;
    private final boolean clientMode;
    private final long handshakeTimeoutMillis;
    private final long closeTimeoutMillis;
    private int packetSize;
    private int recordPayload = RECORD_PAYLOAD;
    private final FailureDescriber describer;

    private IoSession session;
    private NextFilter next;

    // ---- everything below is guarded by "this"
    private ByteBuffer partial;
    private final ArrayDeque<WriteRequest> held = new ArrayDeque<>();
    private IoBuffer flight;
    private WriteFuture pendingShutdown;
    private long handshakeStartedAt;
    private boolean started;
    private boolean secured;
    private boolean failed;
    private boolean closeNotifySent;
    private boolean closeNotifyReceived;
    private boolean tcpEof;
    private boolean truncated;
    private boolean aborted;
    private boolean closeDeferred;
    private boolean closeForwarded;
    private long closeDeadline;
    private boolean tls13;
    private ByteBuffer heldAlert;
    private boolean sawFirstByte;
    private boolean firstBytesLookLikeTls = true;
    private String failureReason;

    /**
     * A filter for one session.
     *
     * @param engine           configured engine; its client mode decides who starts the handshake
     * @param handshakeTimeout longest handshake ({@code TIMEOUTbusy})
     * @param closeTimeout     longest wait for our close_notify to be written on close ({@code TIMEOUTclose})
     */
    public TlsFilter(SSLEngine engine, Duration handshakeTimeout, Duration closeTimeout) {
        this(engine, handshakeTimeout, closeTimeout, FailureReasons.DEFAULT);
    }

    /**
     * A filter for one session, with the service's way of wording failures.
     *
     * @param describer turns engine exceptions into the reason of {@link TlsEvent.Failed}
     */
    public TlsFilter(SSLEngine engine, Duration handshakeTimeout, Duration closeTimeout, FailureDescriber describer) {
        this.describer = Objects.requireNonNull(describer, "describer");
        this.engine = Objects.requireNonNull(engine, "engine");
        this.clientMode = engine.getUseClientMode();
        this.handshakeTimeoutMillis = handshakeTimeout.toMillis();
        this.closeTimeoutMillis = closeTimeout.toMillis();
        this.packetSize = engine.getSession().getPacketBufferSize();
    }

    /** Adds a new filter for {@code engine} first in the session's chain and returns it. */
    public static TlsFilter install(IoSession session, SSLEngine engine, Duration handshakeTimeout,
            Duration closeTimeout) {
        return install(session, engine, handshakeTimeout, closeTimeout, FailureReasons.DEFAULT);
    }

    /** {@link #install(IoSession, SSLEngine, Duration, Duration)} with a describer for failures. */
    public static TlsFilter install(IoSession session, SSLEngine engine, Duration handshakeTimeout,
            Duration closeTimeout, FailureDescriber describer) {
        TlsFilter f = new TlsFilter(engine, handshakeTimeout, closeTimeout, describer);
        session.getFilterChain().addFirst(NAME, f);
        return f;
    }

    /** The session's filter, or null when the session is plaintext. */
    public static TlsFilter of(IoSession session) {
        return (TlsFilter) session.getFilterChain().get(NAME);
    }

    // ------------------------------------------------------------------ public state

    /** The engine (for its session and parameters); do not wrap or unwrap with it. */
    public SSLEngine engine() {
        return engine;
    }

    public synchronized boolean isSecured() {
        return secured;
    }

    /** True once the handshake or connection failed. */
    public synchronized boolean isFailed() {
        return failed;
    }

    /** The failure reason, or null. */
    public synchronized String failureReason() {
        return failureReason;
    }

    /** True when the peer sent close_notify. */
    public synchronized boolean closeNotifyReceived() {
        return closeNotifyReceived;
    }

    /** True when the TCP stream ended after the handshake without a close_notify. */
    public synchronized boolean truncated() {
        return truncated;
    }

    /** True when our close_notify has been sent (or queued): nothing more can be written. */
    public synchronized boolean isOutboundClosed() {
        return closeNotifySent;
    }

    /** Don't send close_notify when the session closes (used before a reset-style close). */
    public synchronized void abort() {
        aborted = true;
    }

    /**
     * Half-close: sends close_notify after everything written so far and keeps receiving. The
     * future completes when close_notify is on the wire. Before the handshake ends it is sent
     * right after the held writes.
     */
    public WriteFuture shutdownOutput() {
        synchronized (this) {
            if (closeNotifySent || failed) {
                WriteFuture done = new DefaultWriteFuture(session);
                done.setWritten();
                return done;
            }
            if (!secured) {
                if (pendingShutdown == null) {
                    pendingShutdown = new DefaultWriteFuture(session);
                }
                return pendingShutdown;
            }
            try {
                return sendCloseNotify(null);
            } catch (SSLException e) {
                WriteFuture f = new DefaultWriteFuture(session);
                f.setException(e);
                return f;
            }
        }
    }

    // ------------------------------------------------------------------ filter life cycle

    @Override
    public void onPostAdd(IoFilterChain parent, String name, NextFilter nextFilter) {
        this.session = parent.getSession();
        this.next = nextFilter;
        session.getConfig().setIdleTime(IdleStatus.WRITER_IDLE, 1);
    }

    @Override
    public void sessionOpened(NextFilter nextFilter, IoSession s) throws Exception {
        nextFilter.sessionOpened(s);
        Actions out = new Actions();
        synchronized (this) {
            if (started || failed) {
                return;
            }
            started = true;
            handshakeStartedAt = System.currentTimeMillis();
            try {
                engine.beginHandshake();
                drive(EMPTY, out);
            } catch (SSLException e) {
                fail(e, null, out);
            }
        }
        emit(out);
    }

    @Override
    public void messageReceived(NextFilter nextFilter, IoSession s, Object message) throws Exception {
        if (!(message instanceof IoBuffer)) {
            nextFilter.messageReceived(s, message);
            return;
        }
        ByteBuffer in = ((IoBuffer) message).buf();
        Actions out = new Actions();
        synchronized (this) {
            if (failed || closeNotifyReceived) {
                return;
            }
            try {
                checkFirstBytes(in, out);
                if (!failed) {
                    receive(in, out);
                }
            } catch (SSLException e) {
                fail(e, null, out);
            }
        }
        emit(out);
    }

    @Override
    public void filterWrite(NextFilter nextFilter, IoSession s, WriteRequest request) throws Exception {
        if (request instanceof EncryptedWrite || !(request.getMessage() instanceof IoBuffer)) {
            nextFilter.filterWrite(s, request);
            return;
        }
        Actions out = new Actions();
        synchronized (this) {
            if (failed || closeNotifySent || pendingShutdown != null) {
                out.after.add(() -> request.getFuture().setException(new WriteToClosedSessionException(request)));
                out.closeSession = false;
            } else if (!secured || !held.isEmpty()) {
                held.add(request);
                return;
            } else {
                try {
                    wrapApplicationData(request, out);
                } catch (SSLException e) {
                    out.after.add(() -> request.getFuture().setException(e));
                    fail(e, null, out);
                }
            }
        }
        emit(out);
    }

    @Override
    public void messageSent(NextFilter nextFilter, IoSession s, WriteRequest request) throws Exception {
        if (request instanceof EncryptedWrite) {
            WriteRequest original = ((EncryptedWrite) request).original();
            if (original != null) {
                nextFilter.messageSent(s, original);
            }
            return;
        }
        nextFilter.messageSent(s, request);
    }

    @Override
    public void inputClosed(NextFilter nextFilter, IoSession s) throws Exception {
        // EOF stays readable: stop selecting for reads or MINA reports it again on every loop.
        s.suspendRead();
        Actions out = new Actions();
        synchronized (this) {
            if (tcpEof) {
                return;
            }
            tcpEof = true;
            // (a held TLS 1.2 alert stays held: a close_notify handed to JSSE now would close our
            // sending side while the reply may still be on its way; a FIN can be a half-close too)
            if (failed || closeNotifyReceived) {
                return;
            }
            if (!secured) {
                fail(null, started ? "peer closed the connection during the TLS handshake"
                        : "peer closed the connection before the TLS handshake", out);
            } else {
                // Truncation. Don't call engine.closeInbound(): JSSE treats that as fatal and
                // would kill our sending side, which the other direction may still need.
                truncated = true;
                out.up.add(INPUT_CLOSED);
            }
        }
        emit(out);
    }

    @Override
    public void exceptionCaught(NextFilter nextFilter, IoSession s, Throwable cause) throws Exception {
        Actions out = new Actions();
        synchronized (this) {
            if (!secured && !failed && cause instanceof IOException) {
                fail(null, "connection failed during the TLS handshake: " + cause.getMessage(), out);
                out.closeSession = false; // MINA closes the session after an I/O error anyway
            }
        }
        emit(out);
        nextFilter.exceptionCaught(s, cause);
    }

    @Override
    public void sessionIdle(NextFilter nextFilter, IoSession s, IdleStatus status) throws Exception {
        Actions out = new Actions();
        boolean forwardClose = false;
        long now = System.currentTimeMillis();
        synchronized (this) {
            if (started && !secured && !failed && now - handshakeStartedAt >= handshakeTimeoutMillis) {
                fail(null, "TLS handshake not completed within " + seconds(handshakeTimeoutMillis)
                        + " (TIMEOUTbusy)", out);
                aborted = true;
            }
            if (closeDeferred && !closeForwarded && now >= closeDeadline) {
                closeForwarded = true;
                forwardClose = true;
            }
        }
        emit(out);
        if (forwardClose) {
            nextFilter.filterClose(s);
        }
        nextFilter.sessionIdle(s, status);
    }

    @Override
    public void filterClose(NextFilter nextFilter, IoSession s) throws Exception {
        WriteFuture closeNotify = null;
        synchronized (this) {
            if (closeDeferred) {
                return;
            }
            if (secured && !failed && !aborted && !closeNotifySent) {
                try {
                    closeNotify = sendCloseNotify(null);
                    closeDeferred = true;
                    closeDeadline = System.currentTimeMillis() + closeTimeoutMillis;
                } catch (SSLException e) {
                    closeNotify = null;
                }
            }
            if (closeNotify == null) {
                closeForwarded = true;
            }
        }
        if (closeNotify == null) {
            nextFilter.filterClose(s);
            return;
        }
        closeNotify.addListener(f -> {
            boolean forward;
            synchronized (TlsFilter.this) {
                forward = !closeForwarded;
                closeForwarded = true;
            }
            if (forward) {
                nextFilter.filterClose(s);
            }
        });
    }

    @Override
    public void sessionClosed(NextFilter nextFilter, IoSession s) throws Exception {
        Actions out = new Actions();
        synchronized (this) {
            if (started && !secured && !failed) {
                fail(null, "connection closed during the TLS handshake", out);
            }
            out.closeSession = false;
            failHeldWrites(out);
        }
        emit(out);
        nextFilter.sessionClosed(s);
    }

    // ------------------------------------------------------------------ receive

    /** Plaintext where TLS belongs fails at the first byte, so a plaintext client isn't left waiting. */
    private void checkFirstBytes(ByteBuffer in, Actions out) {
        if (sawFirstByte || !in.hasRemaining()) {
            return;
        }
        sawFirstByte = true;
        int b0 = in.get(in.position()) & 0xff;
        boolean tlsType = b0 >= 20 && b0 <= 24;
        boolean sslv2Hello = (b0 & 0x80) != 0;
        boolean versionOk = in.remaining() < 2 || (in.get(in.position() + 1) & 0xff) == 3 || sslv2Hello;
        firstBytesLookLikeTls = (tlsType || sslv2Hello) && versionOk;
        if (!firstBytesLookLikeTls) {
            fail(null, clientMode ? FailureReasons.PLAINTEXT_FROM_TLS_SERVER
                    : FailureReasons.PLAINTEXT_ON_TLS_SERVER, out);
            aborted = true;
            if (!clientMode) {
                // answer like OpenSSL does: a plaintext fatal alert, so the other end can tell
                writeDown(IoBuffer.wrap(UNEXPECTED_MESSAGE_ALERT.clone()), null, new DefaultWriteFuture(session));
            }
        }
    }

    private void receive(ByteBuffer in, Actions out) throws SSLException {
        if (partial != null && partial.position() > 0) {
            if (!completePartialRecord(in)) {
                return;
            }
            partial.flip();
            drive(partial, out);
            if (partial.hasRemaining() && !closeNotifyReceived && !failed) {
                // the engine wants more than one record's worth (not TLS framing): give it everything
                ByteBuffer rest = ByteBuffer.allocate(partial.remaining() + in.remaining());
                rest.put(partial).put(in).flip();
                partial.clear();
                in = rest;
            } else {
                partial.clear();
            }
        }
        if (failed || closeNotifyReceived) {
            return;
        }
        drive(in, out);
        if (in.hasRemaining() && !failed && !closeNotifyReceived) {
            if (partial == null || partial.capacity() < in.remaining()) {
                partial = ByteBuffer.allocate(Math.max(packetSize, in.remaining()));
            }
            partial.put(in);
        }
    }

    /** Copies into {@link #partial} just the bytes its record still lacks; true when it is whole. */
    private boolean completePartialRecord(ByteBuffer in) {
        for (;;) {
            int have = partial.position();
            int need;
            if (have < RECORD_HEADER) {
                need = RECORD_HEADER - have;
            } else {
                int b0 = partial.get(0) & 0xff;
                if (b0 < 20 || b0 > 24) {
                    return true; // not a record header: let the engine judge it
                }
                int total = RECORD_HEADER + (((partial.get(3) & 0xff) << 8) | (partial.get(4) & 0xff));
                need = total - have;
                if (need <= 0) {
                    return true;
                }
                if (partial.capacity() < total) {
                    ByteBuffer bigger = ByteBuffer.allocate(total);
                    partial.flip();
                    bigger.put(partial);
                    partial = bigger;
                }
            }
            int n = Math.min(need, in.remaining());
            if (n == 0) {
                return false;
            }
            ByteBuffer slice = in.duplicate();
            slice.limit(slice.position() + n);
            partial.put(slice);
            in.position(in.position() + n);
            if (n < need) {
                return false;
            }
        }
    }

    /**
     * Runs the engine until it needs more input: unwraps records from {@code src} (decrypted data
     * collects in one buffer), answers with wraps, runs delegated tasks.
     */
    private void drive(ByteBuffer src, Actions out) throws SSLException {
        IoBuffer app = null;
        try {
            for (;;) {
                HandshakeStatus hs = engine.getHandshakeStatus();
                if (hs == HandshakeStatus.NEED_TASK) {
                    runTasks();
                    continue;
                }
                if (hs == HandshakeStatus.NEED_WRAP) {
                    SSLEngineResult r = wrapHandshake();
                    if (r.getHandshakeStatus() == HandshakeStatus.FINISHED) {
                        app = deliver(app, out);
                        finished(out);
                    }
                    if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                        markOutboundClosed(out);
                        if (engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
                            break; // nothing more can be produced
                        }
                    }
                    continue;
                }
                if (closeNotifyReceived || engine.isInboundDone() || !src.hasRemaining()) {
                    break;
                }
                if (!secured && isPlaintextAlert(src)) {
                    // JSSE misreads a plaintext alert in the middle of a TLS 1.3 handshake
                    // ("Insufficient buffer remaining for AEAD cipher fragment"): read it ourselves
                    int level = src.get(src.position() + RECORD_HEADER) & 0xff;
                    int code = src.get(src.position() + RECORD_HEADER + 1) & 0xff;
                    src.position(src.position() + RECORD_HEADER + 2);
                    app = deliver(app, out);
                    fail(new SSLHandshakeException("Received " + (level == 2 ? "fatal" : "warning") + " alert: "
                            + Alerts.name(code)), null, out);
                    aborted = true;
                    return;
                }
                if (secured && !tls13 && (src.get(src.position()) & 0xff) == ALERT) {
                    if (!holdAlert(src)) {
                        return; // wait for the whole record
                    }
                    app = deliver(app, out);
                    out.up.add(INPUT_CLOSED);
                    break;
                }
                int complete = secured ? completeRecords(src) : src.remaining();
                if (complete == 0) {
                    // JSSE checks for room before it checks for a whole record: asked to unwrap a
                    // partial record into a nearly full buffer it answers BUFFER_OVERFLOW, and
                    // growing the buffer was a copy per read (18 % of the bytes allocated in bulk
                    // transfers). So wait for the rest of the record here, as UNDERFLOW would.
                    return;
                }
                if (app == null) {
                    app = IoBuffer.allocate(Math.max(complete, 1024), false);
                }
                SSLEngineResult r = engine.unwrap(src, app.buf());
                switch (r.getStatus()) {
                    case BUFFER_UNDERFLOW:
                        return;
                    case BUFFER_OVERFLOW:
                        app = grow(app, engine.getSession().getApplicationBufferSize());
                        continue;
                    case CLOSED:
                        closeNotifyReceived = true;
                        app = deliver(app, out);
                        out.up.add(INPUT_CLOSED);
                        continue; // TLS 1.2 answers with its own close_notify (NEED_WRAP)
                    default:
                        break;
                }
                if (r.getHandshakeStatus() == HandshakeStatus.FINISHED) {
                    app = deliver(app, out);
                    finished(out);
                }
                if (r.bytesConsumed() == 0 && r.bytesProduced() == 0
                        && engine.getHandshakeStatus() != HandshakeStatus.NEED_TASK
                        && engine.getHandshakeStatus() != HandshakeStatus.NEED_WRAP) {
                    return;
                }
            }
        } finally {
            deliver(app, out);
            flushFlight();
        }
    }

    /**
     * TLS 1.2 and older: JSSE answers a close_notify by closing our sending side at once, which
     * would cut off a reply still on its way (half-close). The record header is not encrypted, so
     * an alert after the handshake is recognisable: keep it from the engine, report end of input,
     * and hand it over only when our side is done too ({@link #releaseHeldAlert}). (A fatal alert
     * also ends the peer's sending; it is read and reported when we close.)
     *
     * @return false when the record is not complete yet
     */
    private boolean holdAlert(ByteBuffer src) {
        if (src.remaining() < RECORD_HEADER) {
            return false;
        }
        int total = RECORD_HEADER + (((src.get(src.position() + 3) & 0xff) << 8) | (src.get(src.position() + 4) & 0xff));
        if (src.remaining() < total) {
            return false;
        }
        heldAlert = ByteBuffer.allocate(total);
        ByteBuffer record = src.duplicate();
        record.limit(record.position() + total);
        heldAlert.put(record).flip();
        src.position(src.limit()); // nothing may follow an alert that ends the peer's sending
        closeNotifyReceived = true;
        return true;
    }

    /**
     * The bytes of the whole records at the start of {@code src} (0: not even one yet). Anything
     * that does not look like a record header counts as whole, for the engine to judge.
     */
    private static int completeRecords(ByteBuffer src) {
        int p = src.position();
        int end = src.limit();
        while (end - p >= RECORD_HEADER) {
            int type = src.get(p) & 0xff;
            if (type < 20 || type > 24) {
                return end - src.position();
            }
            int total = RECORD_HEADER + (((src.get(p + 3) & 0xff) << 8) | (src.get(p + 4) & 0xff));
            if (total > MAX_RECORD) {
                return end - src.position(); // oversized: the engine refuses it at once
            }
            if (end - p < total) {
                break;
            }
            p += total;
        }
        return p - src.position();
    }

    /** A whole unencrypted alert record: type 21, two bytes long (an encrypted one is at least 18). */
    private static boolean isPlaintextAlert(ByteBuffer src) {
        int p = src.position();
        return src.remaining() >= RECORD_HEADER + 2 && (src.get(p) & 0xff) == ALERT && src.get(p + 3) == 0
                && src.get(p + 4) == 2;
    }

    /** Feeds a held TLS 1.2 alert to the engine (which then queues its own close_notify). */
    private void releaseHeldAlert(Actions out) throws SSLException {
        if (heldAlert == null) {
            return;
        }
        ByteBuffer record = heldAlert;
        heldAlert = null;
        ByteBuffer sink = ByteBuffer.allocate(Math.max(1024, engine.getSession().getApplicationBufferSize()));
        engine.unwrap(record, sink);
        while (engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
            SSLEngineResult r = wrapHandshake();
            if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                markOutboundClosed(out);
                break;
            }
            if (r.bytesProduced() == 0) {
                break;
            }
        }
        flushFlight();
    }

    private IoBuffer deliver(IoBuffer app, Actions out) {
        if (app != null && app.position() > 0) {
            app.flip();
            out.up.add(app);
            return null;
        }
        return app;
    }

    private static IoBuffer grow(IoBuffer b, int extra) {
        IoBuffer bigger = IoBuffer.allocate(b.capacity() + Math.max(extra, 1024), false);
        b.flip();
        bigger.put(b);
        return bigger;
    }

    private void runTasks() {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
    }

    /** Wraps handshake/alert output into the current flight (sent at the end of {@link #drive}). */
    private SSLEngineResult wrapHandshake() throws SSLException {
        if (flight == null) {
            flight = IoBuffer.allocate(packetSize, false);
        }
        for (;;) {
            SSLEngineResult r = engine.wrap(EMPTY, flight.buf());
            if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                flight = grow(flight, packetSize);
                continue;
            }
            return r;
        }
    }

    private void flushFlight() {
        if (flight != null && flight.position() > 0) {
            IoBuffer f = flight;
            flight = null;
            f.flip();
            writeDown(f, null, new DefaultWriteFuture(session));
        }
    }

    private void finished(Actions out) throws SSLException {
        if (secured && held.isEmpty()) {
            return; // JSSE reports FINISHED again after post-handshake messages (NewSessionTicket)
        }
        secured = true;
        SSLSession s = engine.getSession();
        packetSize = s.getPacketBufferSize();
        tls13 = "TLSv1.3".equals(s.getProtocol()) || "DTLSv1.3".equals(s.getProtocol());
        boolean resumed = s.getCreationTime() < handshakeStartedAt;
        out.up.add(new TlsEvent.Secured(s, resumed, clientMode));
        flushFlight();
        while (!held.isEmpty()) {
            WriteRequest r = held.poll();
            wrapApplicationData(r, out);
            if (!held.isEmpty() && held.peek() == r) {
                return; // engine could not take it (renegotiation): keep holding
            }
        }
        if (pendingShutdown != null) {
            WriteFuture f = pendingShutdown;
            pendingShutdown = null;
            sendCloseNotify(f);
        }
    }

    // ------------------------------------------------------------------ send

    private void wrapApplicationData(WriteRequest request, Actions out) throws SSLException {
        IoBuffer plain = (IoBuffer) request.getMessage();
        ByteBuffer src = plain.buf();
        if (!src.hasRemaining()) {
            writeDown(IoBuffer.allocate(0, false), request, request.getFuture());
            return;
        }
        // JSSE wants a whole packet buffer free for every wrap call, and a record holds
        // recordPayload application bytes: size for that, so one message needs one buffer. A small
        // message is wrapped into this thread's scratch buffer and copied out at its real size:
        // a packet buffer (16.7 kB) per 100-byte echo was most of an echo's garbage, and each
        // young collection it caused was a latency spike (measured: echo p99 2x stunnel's).
        int records = (src.remaining() + recordPayload - 1) / recordPayload;
        boolean small = src.remaining() <= SMALL_WRITE;
        IoBuffer net = small ? scratch(packetSize) : IoBuffer.allocate(records * packetSize, false);
        while (src.hasRemaining()) {
            int before = src.remaining();
            SSLEngineResult r = engine.wrap(src, net.buf());
            if (src.hasRemaining() && r.bytesConsumed() > 0 && r.bytesConsumed() < recordPayload) {
                recordPayload = r.bytesConsumed(); // a full record carries less than we thought
            } else if (before > recordPayload && r.bytesConsumed() > recordPayload) {
                recordPayload = r.bytesConsumed();
            }
            switch (r.getStatus()) {
                case BUFFER_OVERFLOW:
                    net = grow(net, packetSize);
                    continue;
                case CLOSED:
                    markOutboundClosed(out);
                    throw new SSLException("TLS connection closed for sending");
                default:
                    break;
            }
            HandshakeStatus hs = r.getHandshakeStatus();
            if (hs != HandshakeStatus.NOT_HANDSHAKING && hs != HandshakeStatus.FINISHED) {
                // key update or renegotiation: send what we have, let the engine talk, go on
                net.flip();
                if (net.hasRemaining()) {
                    writeDown(small ? exactCopy(net) : net, null, new DefaultWriteFuture(session));
                }
                net = small ? scratch(packetSize) : IoBuffer.allocate(records * packetSize, false);
                drive(EMPTY, out);
                if (r.bytesConsumed() == 0 && src.hasRemaining()
                        && engine.getHandshakeStatus() == HandshakeStatus.NEED_UNWRAP) {
                    held.addFirst(request);
                    secured = false;
                    return;
                }
            }
        }
        net.flip();
        writeDown(small ? exactCopy(net) : net, request, request.getFuture());
    }

    /** This I/O thread's wrap buffer, cleared, with room for one packet. */
    private static IoBuffer scratch(int packetSize) {
        IoBuffer b = SCRATCH.get();
        if (b == null || b.capacity() < packetSize) {
            b = IoBuffer.allocate(packetSize, false);
            SCRATCH.set(b);
        }
        b.clear();
        return b;
    }

    /** A buffer holding exactly the remaining bytes of {@code b} (flipped, ready to write). */
    private static IoBuffer exactCopy(IoBuffer b) {
        IoBuffer c = IoBuffer.allocate(b.remaining(), false);
        c.put(b.buf());
        c.flip();
        return c;
    }

    private WriteFuture sendCloseNotify(WriteFuture future) throws SSLException {
        if (heldAlert != null) {
            try {
                releaseHeldAlert(new Actions()); // its answer is our close_notify
            } catch (SSLException e) {
                failureReason = describer.describe(e, clientMode);
                throw e;
            }
        }
        engine.closeOutbound();
        IoBuffer net = IoBuffer.allocate(packetSize, false);
        while (!engine.isOutboundDone()) {
            SSLEngineResult r = engine.wrap(EMPTY, net.buf());
            if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                net = grow(net, packetSize);
                continue;
            }
            if (r.bytesProduced() == 0) {
                break;
            }
        }
        closeNotifySent = true;
        net.flip();
        WriteFuture f = future != null ? future : new DefaultWriteFuture(session);
        writeDown(net, null, f);
        return f;
    }

    private void markOutboundClosed(Actions out) {
        if (!closeNotifySent) {
            closeNotifySent = true;
            out.up.add(new TlsEvent.OutboundClosed());
        }
    }

    private void writeDown(IoBuffer records, WriteRequest original, WriteFuture future) {
        next.filterWrite(session, new EncryptedWrite(records, original, future));
    }

    // ------------------------------------------------------------------ failure

    /** Records the failure, flushes the engine's alert, queues the event and the close. */
    private void fail(SSLException e, String reason, Actions out) {
        if (failed) {
            return;
        }
        String r = reason;
        if (r == null) {
            r = firstBytesLookLikeTls ? describer.describe(e, clientMode)
                    : clientMode ? FailureReasons.PLAINTEXT_FROM_TLS_SERVER : FailureReasons.PLAINTEXT_ON_TLS_SERVER;
            if (clientMode && !sentCertificate()) {
                r = FailureReasons.noCertificateSent(r, e);
            }
        }
        failed = true;
        failureReason = r;
        if (e != null) {
            try {
                // JSSE has queued an alert for the peer; send it so the peer learns why
                while (engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
                    SSLEngineResult res = wrapHandshake();
                    if (res.bytesProduced() == 0) {
                        break;
                    }
                }
            } catch (SSLException ignored) {
                // nothing more to send
            }
            flushFlight();
        }
        failHeldWrites(out);
        out.up.add(new TlsEvent.Failed(r, e, !secured));
        out.closeSession = true;
    }

    /** Fails held writes (and a held shutdown) once the monitor is released: listeners may call back. */
    private boolean sentCertificate() {
        try {
            SSLSession s = engine.getHandshakeSession() != null ? engine.getHandshakeSession() : engine.getSession();
            java.security.cert.Certificate[] sent = s.getLocalCertificates();
            return sent != null && sent.length > 0;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private void failHeldWrites(Actions out) {
        WriteRequest r;
        while ((r = held.poll()) != null) {
            WriteRequest failedRequest = r;
            out.after.add(() -> failedRequest.getFuture().setException(new WriteToClosedSessionException(failedRequest)));
        }
        if (pendingShutdown != null) {
            WriteFuture f = pendingShutdown;
            pendingShutdown = null;
            out.after.add(() -> f.setException(new SSLException("TLS handshake did not complete")));
        }
    }

    // ------------------------------------------------------------------ emitting events

    /** Passes collected data and events up, outside the monitor. */
    private void emit(Actions out) {
        for (Runnable r : out.after) {
            r.run();
        }
        for (Object o : out.up) {
            if (o instanceof IoBuffer) {
                next.messageReceived(session, o);
            } else if (o == INPUT_CLOSED) {
                next.inputClosed(session);
            } else {
                next.event(session, (TlsEvent) o);
            }
        }
        if (out.closeSession) {
            session.closeOnFlush();
        }
    }

    private static String seconds(long millis) {
        return millis % 1000 == 0 ? (millis / 1000) + " s" : millis + " ms";
    }

    /** What one call produced for the layers above. */
    private static final class Actions {
        final List<Object> up = new ArrayList<>(2);
        final List<Runnable> after = new ArrayList<>(0);
        boolean closeSession;
    }
}
