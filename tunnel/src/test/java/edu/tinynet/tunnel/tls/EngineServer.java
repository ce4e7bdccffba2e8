package edu.tinynet.tunnel.tls;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A loopback TLS server whose connections run on engines from a {@link ServiceTls} in server mode,
 * for the OpenSSL interop tests. Each connection's outcome is queued: the engine socket after a
 * successful handshake and {@link Session#talk}, or the exception.
 */
final class EngineServer implements AutoCloseable {

    /** What the server does on a connection after the handshake. */
    interface Session {
        void talk(EngineSocket s) throws IOException;
    }

    /** One connection's outcome. */
    record Outcome(EngineSocket socket, Throwable failure) {
    }

    private final ServerSocket listener;
    private final BlockingQueue<Outcome> outcomes = new LinkedBlockingQueue<>();
    private final Thread thread;

    EngineServer(ServiceTls tls, Session session) throws IOException {
        listener = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        thread = new Thread(() -> {
            while (!listener.isClosed()) {
                try (Socket s = listener.accept()) {
                    EngineSocket es = new EngineSocket(s, tls.newEngine(false, s.getInetAddress().getHostAddress(), s.getPort()));
                    try {
                        es.handshake();
                        session.talk(es);
                        es.close();
                        outcomes.add(new Outcome(es, null));
                    } catch (IOException | RuntimeException e) {
                        outcomes.add(new Outcome(es, e));
                    }
                } catch (IOException e) {
                    if (!listener.isClosed()) {
                        outcomes.add(new Outcome(null, e));
                    }
                }
            }
        }, "engine-server");
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    /** The next connection's outcome. */
    Outcome next(Duration timeout) throws InterruptedException {
        Outcome o = outcomes.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (o == null) {
            throw new AssertionError("no connection finished within " + timeout);
        }
        return o;
    }

    @Override
    public void close() throws IOException {
        listener.close();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
