package edu.tinynet.tunnel.tls;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

/**
 * Two engines talking through memory buffers: a whole TLS conversation without sockets, including
 * the alert a failing side sends, so the other side fails as it would on a network.
 */
final class EnginePair {

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    final SSLEngine client;
    final SSLEngine server;
    private final ByteBuffer toServer = ByteBuffer.allocate(1 << 17);
    private final ByteBuffer toClient = ByteBuffer.allocate(1 << 17);
    private final ByteBuffer clientApp = ByteBuffer.allocate(1 << 17);
    private final ByteBuffer serverApp = ByteBuffer.allocate(1 << 17);
    SSLException clientError;
    SSLException serverError;

    EnginePair(SSLEngine client, SSLEngine server) {
        this.client = client;
        this.server = server;
    }

    /** Runs the handshake; true when both sides finished without error. */
    boolean handshake() {
        try {
            client.beginHandshake();
            server.beginHandshake();
        } catch (SSLException e) {
            clientError = e;
            return false;
        }
        return settle();
    }

    /** Moves records until both engines are idle or one has failed; true when nothing failed. */
    boolean settle() {
        for (int i = 0; i < 200; i++) {
            boolean progress = step(client, toServer, true);
            progress |= step(server, toClient, false);
            progress |= feed(toServer, server, serverApp, false);
            progress |= feed(toClient, client, clientApp, true);
            if (!progress) {
                break;
            }
        }
        return clientError == null && serverError == null;
    }

    private boolean step(SSLEngine e, ByteBuffer out, boolean isClient) {
        boolean progress = runTasks(e);
        try {
            for (int n = 0; n < 20 && e.getHandshakeStatus() == HandshakeStatus.NEED_WRAP; n++) {
                SSLEngineResult r = e.wrap(EMPTY, out);
                progress |= r.bytesProduced() > 0 || runTasks(e);
                if (r.bytesProduced() == 0 || r.getStatus() == SSLEngineResult.Status.CLOSED) {
                    break;
                }
            }
        } catch (SSLException ex) {
            record(isClient, ex);
            flushAlert(e, out);
            progress = true;
        }
        return progress;
    }

    private boolean feed(ByteBuffer in, SSLEngine e, ByteBuffer app, boolean isClient) {
        in.flip();
        boolean progress = false;
        try {
            while (in.hasRemaining() && !e.isInboundDone()) {
                SSLEngineResult r = e.unwrap(in, app);
                progress |= r.bytesConsumed() > 0;
                progress |= runTasks(e);
                if (r.getStatus() != SSLEngineResult.Status.OK || r.bytesConsumed() == 0) {
                    break;
                }
            }
        } catch (SSLException ex) {
            record(isClient, ex);
            flushAlert(e, isClient ? toServer : toClient);
            progress = true;
        } finally {
            in.compact();
        }
        return progress;
    }

    private static boolean runTasks(SSLEngine e) {
        boolean ran = false;
        Runnable task;
        while ((task = e.getDelegatedTask()) != null) {
            task.run();
            ran = true;
        }
        return ran;
    }

    private static void flushAlert(SSLEngine e, ByteBuffer out) {
        for (int n = 0; n < 5 && !e.isOutboundDone(); n++) {
            try {
                if (e.wrap(EMPTY, out).bytesProduced() == 0) {
                    break;
                }
            } catch (SSLException again) {
                // the engine rethrows its failure before it yields the alert: try once more
            }
        }
    }

    private void record(boolean isClient, SSLException ex) {
        if (isClient) {
            if (clientError == null) {
                clientError = ex;
            }
        } else if (serverError == null) {
            serverError = ex;
        }
    }

    /** Sends {@code text} from client to server and returns what the server application read. */
    String clientToServer(String text) throws SSLException {
        client.wrap(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), toServer);
        serverApp.clear();
        settle();
        serverApp.flip();
        String got = StandardCharsets.UTF_8.decode(serverApp).toString();
        serverApp.clear();
        return got;
    }

    /** Sends {@code text} from server to client and returns what the client application read. */
    String serverToClient(String text) throws SSLException {
        server.wrap(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), toClient);
        clientApp.clear();
        settle();
        clientApp.flip();
        String got = StandardCharsets.UTF_8.decode(clientApp).toString();
        clientApp.clear();
        return got;
    }
}
