package edu.tinynet.tunnel.service;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.function.Supplier;
import org.apache.mina.core.service.IoProcessor;
import org.apache.mina.core.service.IoService;
import org.apache.mina.transport.socket.nio.NioSession;
import org.apache.mina.transport.socket.nio.NioSocketAcceptor;

/**
 * A {@link NioSocketAcceptor} that pauses cleanly when {@code accept(2)} fails for lack of
 * resources ({@code EMFILE}: the process's file descriptor limit, {@code ENFILE}, {@code ENOBUFS},
 * ...).
 *
 * <p>MINA 2.2 itself logs an error with a stack trace for every failed attempt and retries after
 * 50 ms, or after 1 s through its {@code ExceptionMonitor} for other errors. Here the pending
 * connection stays in the listen backlog, the acceptor thread sleeps {@link #RETRY} between
 * attempts (no busy loop: the listening socket stays readable while the backlog is non-empty, so
 * an immediate retry would spin), and the listener hears once that accepting is paused, with the
 * reason, and once that it resumed. Unbinding or disposing ends the sleep early.
 *
 * <p>The session is made with MINA's own (package-private) {@code NioSocketSession} constructor,
 * looked up once; should a future MINA rename it, this acceptor behaves exactly like MINA's (and
 * {@code limits.AcceptsAreThrottledAtFdLimitTest} fails).
 */
final class PausingAcceptor extends NioSocketAcceptor {

    /** Wait between accept attempts while paused. */
    static final Duration RETRY = Duration.ofMillis(200);

    private static final Constructor<?> SESSION = sessionConstructor();

    private final Supplier<String> service;
    private final Supplier<TunnelListener> listener;
    private long pausedSince = -1;
    private long failedAttempts;

    PausingAcceptor(IoProcessor<NioSession> processor, Supplier<String> service, Supplier<TunnelListener> listener) {
        super(processor);
        this.service = service;
        this.listener = listener;
    }

    private static Constructor<?> sessionConstructor() {
        try {
            Class<?> c = Class.forName("org.apache.mina.transport.socket.nio.NioSocketSession", false,
                    NioSocketAcceptor.class.getClassLoader());
            Constructor<?> k = c.getConstructor(IoService.class, IoProcessor.class, SocketChannel.class);
            k.setAccessible(true);
            return k;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    @Override
    protected NioSession accept(IoProcessor<NioSession> processor, ServerSocketChannel handle) throws Exception {
        if (SESSION == null) {
            return super.accept(processor, handle);
        }
        SelectionKey key = handle != null ? handle.keyFor(selector) : null;
        if (key == null || !key.isValid() || !key.isAcceptable()) {
            return null;
        }
        SocketChannel ch;
        try {
            ch = handle.accept();
        } catch (ClosedChannelException e) {
            throw e;
        } catch (IOException e) {
            pause(e);
            return null;
        }
        if (ch == null) {
            return null;
        }
        resumed();
        try {
            return (NioSession) SESSION.newInstance(this, processor, ch);
        } catch (InvocationTargetException e) {
            ch.close();
            throw e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
        } catch (ReflectiveOperationException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    private void pause(IOException e) {
        failedAttempts++;
        if (pausedSince < 0) {
            pausedSince = System.nanoTime();
            listener.get().acceptPaused(service.get(), describe(e), RETRY);
        }
        long until = System.nanoTime() + RETRY.toNanos();
        try {
            // in slices, so that an unbind or dispose is not held up
            while (System.nanoTime() < until && !hasUnbindings() && !isDisposing()) {
                Thread.sleep(20);
            }
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        }
    }

    private void resumed() {
        if (pausedSince < 0) {
            return;
        }
        Duration paused = Duration.ofNanos(System.nanoTime() - pausedSince);
        long failed = failedAttempts;
        pausedSince = -1;
        failedAttempts = 0;
        listener.get().acceptResumed(service.get(), paused, failed);
    }

    /** The reason, with the limit when it is the process's file descriptor limit. */
    static String describe(IOException e) {
        String m = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        if (m.equals("Too many open files")) {
            long limit = TunnelDaemon.maxFileDescriptors();
            return m + (limit > 0 ? " (file descriptor limit " + limit + ")" : "");
        }
        return m;
    }
}
