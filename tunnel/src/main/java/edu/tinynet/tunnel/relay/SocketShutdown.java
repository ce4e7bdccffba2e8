package edu.tinynet.tunnel.relay;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.channels.Channel;
import java.nio.channels.SocketChannel;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.transport.socket.nio.NioSession;

/**
 * TCP half-close for MINA sessions. MINA 2.2 has no API for {@code shutdownOutput()}; its
 * {@link NioSession} keeps the channel in a protected field, which we read once through a
 * private lookup (legal on the class path: MINA is in the unnamed module). When that is not
 * possible (a future MINA, a module path), {@link #isAvailable()} is false and the relay falls
 * back to closing the whole socket after the data is flushed.
 */
final class SocketShutdown {

    private static final VarHandle CHANNEL = lookup();

    private SocketShutdown() {
    }

    private static VarHandle lookup() {
        try {
            return MethodHandles.privateLookupIn(NioSession.class, MethodHandles.lookup())
                    .findVarHandle(NioSession.class, "channel", Channel.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** True when half-close is possible with this MINA. */
    static boolean isAvailable() {
        return CHANNEL != null;
    }

    /** The session's socket channel, or null. */
    static SocketChannel channel(IoSession session) {
        if (CHANNEL == null || !(session instanceof NioSession)) {
            return null;
        }
        Object ch = CHANNEL.get((NioSession) session);
        return ch instanceof SocketChannel ? (SocketChannel) ch : null;
    }

    /** Sends FIN, keeps the receiving side open. False when it could not be done. */
    static boolean shutdownOutput(IoSession session) {
        SocketChannel ch = channel(session);
        if (ch == null) {
            return false;
        }
        try {
            ch.shutdownOutput();
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
