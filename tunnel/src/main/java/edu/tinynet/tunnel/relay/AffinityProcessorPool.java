package edu.tinynet.tunnel.relay;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.mina.core.service.IoProcessor;
import org.apache.mina.core.session.AttributeKey;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.core.write.WriteRequest;
import org.apache.mina.transport.socket.nio.NioProcessor;
import org.apache.mina.transport.socket.nio.NioSession;

/**
 * N MINA I/O processors (one selector thread each) shared by every acceptor and connector of a
 * tunnel, with <em>affinity</em>: a session whose {@link #AFFINITY} attribute names another session
 * is served by that session's processor. The relay sets it on every outgoing connection so both
 * legs of a relay pair live on one thread.
 *
 * <p>That is a correctness requirement, not an optimisation: MINA 2.2's
 * {@code suspendRead()/resumeRead()} update the selection key's interest set from the calling
 * thread without a lock; a relay that suspends and resumes its peer from another processor's
 * thread loses updates and freezes (measured: 3 of 3 runs stalled for good after 26–40 MB). With
 * both legs on one thread, every read, write completion, suspend and resume of a pair happens on
 * that thread.
 *
 * <p>Other sessions (accepted ones) are spread round robin.
 *
 * <p>It also works around a second freeze in MINA's suspend/resume, see
 * {@link #updateTrafficControl(NioSession)}.
 */
public final class AffinityProcessorPool implements IoProcessor<NioSession> {

    /** Set on a new session (in the connect's {@code IoSessionInitializer}) to the session whose processor it must share. */
    public static final AttributeKey AFFINITY = new AttributeKey(AffinityProcessorPool.class, "affinity");

    private static final AttributeKey PROCESSOR = new AttributeKey(AffinityProcessorPool.class, "processor");

    private final NioProcessor[] processors;
    private final ExecutorService executor;
    private final AtomicInteger next = new AtomicInteger();
    private volatile boolean disposing;
    private volatile boolean disposed;

    /** A pool of {@code size} processors on daemon threads named {@code tunnel-io-N}. */
    public AffinityProcessorPool(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("size must be at least 1: " + size);
        }
        AtomicInteger ids = new AtomicInteger();
        ThreadFactory tf = r -> {
            Thread t = new Thread(r, "tunnel-io-" + ids.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.executor = Executors.newCachedThreadPool(tf);
        this.processors = new NioProcessor[size];
        for (int i = 0; i < size; i++) {
            processors[i] = new NioProcessor(executor);
        }
    }

    /** A pool with one processor per available core. */
    public static AffinityProcessorPool perCore() {
        return new AffinityProcessorPool(Runtime.getRuntime().availableProcessors());
    }

    public int size() {
        return processors.length;
    }

    /** The index of the processor serving {@code session}, or -1 when it has none yet. */
    public static int processorIndex(IoSession session) {
        Object p = session.getAttribute(PROCESSOR);
        return p instanceof Assigned ? ((Assigned) p).index : -1;
    }

    private NioProcessor processor(NioSession session) {
        Object assigned = session.getAttribute(PROCESSOR);
        if (assigned != null) {
            return ((Assigned) assigned).processor;
        }
        if (disposing) {
            throw new IllegalStateException("the I/O processor pool is shut down");
        }
        int index = -1;
        Object peer = session.getAttribute(AFFINITY);
        if (peer instanceof IoSession) {
            index = processorIndex((IoSession) peer);
        }
        if (index < 0) {
            index = Math.floorMod(next.getAndIncrement(), processors.length);
        }
        Assigned a = new Assigned(processors[index], index);
        Object raced = session.setAttributeIfAbsent(PROCESSOR, a);
        return raced != null ? ((Assigned) raced).processor : a.processor;
    }

    @Override
    public void add(NioSession session) {
        processor(session).add(session);
    }

    @Override
    public void flush(NioSession session) {
        processor(session).flush(session);
    }

    @Override
    public void write(NioSession session, WriteRequest writeRequest) {
        processor(session).write(session, writeRequest);
    }

    @Override
    public void remove(NioSession session) {
        processor(session).remove(session);
    }

    /**
     * Applies a suspend/resume. MINA 2.2 recomputes the write interest here from the write
     * <em>queue</em> only, so a message that is partly written (its "current write request", no
     * longer in the queue) loses OP_WRITE and is never finished: a relay that toggles reading on a
     * session while the socket's send buffer is full freezes for good. Scheduling a flush re-arms
     * it (the flush attempt sets OP_WRITE again if the socket is still full).
     */
    @Override
    public void updateTrafficControl(NioSession session) {
        NioProcessor p = processor(session);
        p.updateTrafficControl(session);
        if (session.getCurrentWriteRequest() != null) {
            p.flush(session);
        }
    }

    @Override
    public boolean isDisposing() {
        return disposing;
    }

    @Override
    public boolean isDisposed() {
        return disposed;
    }

    /** Stops every processor (closing their sessions) and their threads. */
    @Override
    public synchronized void dispose() {
        if (disposed) {
            return;
        }
        disposing = true;
        for (NioProcessor p : processors) {
            p.dispose();
        }
        executor.shutdownNow();
        disposed = true;
    }

    private record Assigned(NioProcessor processor, int index) {
    }
}
