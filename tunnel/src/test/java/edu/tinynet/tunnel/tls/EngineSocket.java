package edu.tinynet.tunnel.tls;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

/**
 * A blocking TLS connection over a plain socket, driven by one of our {@link SSLEngine}s: lets the
 * tests talk to {@code openssl s_server}/{@code s_client} through exactly the engine the data path
 * gets, without the MINA filter.
 */
final class EngineSocket implements Closeable {

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final Socket socket;
    private final SSLEngine engine;
    private final InputStream in;
    private final OutputStream out;
    private final ByteBuffer netIn;
    private final ByteBuffer netOut;
    private ByteBuffer appIn;

    EngineSocket(Socket socket, SSLEngine engine) throws IOException {
        this.socket = socket;
        this.engine = engine;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        int packet = engine.getSession().getPacketBufferSize();
        this.netIn = ByteBuffer.allocate(packet * 2);
        this.netOut = ByteBuffer.allocate(packet * 2);
        this.appIn = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize() * 2);
        socket.setSoTimeout(10_000);
    }

    SSLEngine engine() {
        return engine;
    }

    /** Runs the handshake to completion; on failure flushes our alert and rethrows. */
    void handshake() throws IOException {
        engine.beginHandshake();
        drive();
    }

    private void drive() throws IOException {
        try {
            while (true) {
                HandshakeStatus hs = engine.getHandshakeStatus();
                switch (hs) {
                    case NEED_TASK -> runTasks();
                    case NEED_WRAP -> wrap(EMPTY);
                    case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                        if (unwrap() < 0) {
                            throw new EOFException("peer closed the connection during the handshake");
                        }
                    }
                    default -> {
                        return;
                    }
                }
            }
        } catch (SSLException e) {
            flushAlert();
            throw e;
        }
    }

    private void runTasks() {
        Runnable t;
        while ((t = engine.getDelegatedTask()) != null) {
            t.run();
        }
    }

    private void wrap(ByteBuffer src) throws IOException {
        netOut.clear();
        SSLEngineResult r = engine.wrap(src, netOut);
        flushNetOut();
        if (r.getHandshakeStatus() == HandshakeStatus.NEED_TASK) {
            runTasks();
        }
    }

    private void flushNetOut() throws IOException {
        netOut.flip();
        if (netOut.hasRemaining()) {
            out.write(netOut.array(), netOut.position(), netOut.remaining());
            out.flush();
        }
        netOut.clear();
    }

    private void flushAlert() {
        try {
            for (int i = 0; i < 3 && !engine.isOutboundDone(); i++) {
                netOut.clear();
                try {
                    engine.wrap(EMPTY, netOut);
                } catch (SSLException again) {
                    continue;
                }
                flushNetOut();
            }
        } catch (IOException ignored) {
            // the peer may be gone already
        }
    }

    /** One unwrap step, reading from the socket when needed; -1 at end of stream. */
    private int unwrap() throws IOException {
        while (true) {
            netIn.flip();
            SSLEngineResult r = engine.unwrap(netIn, appIn);
            netIn.compact();
            switch (r.getStatus()) {
                case OK -> {
                    if (r.getHandshakeStatus() == HandshakeStatus.NEED_TASK) {
                        runTasks();
                    }
                    return r.bytesProduced();
                }
                case CLOSED -> {
                    return -1;
                }
                case BUFFER_OVERFLOW -> {
                    ByteBuffer bigger = ByteBuffer.allocate(appIn.capacity() * 2);
                    appIn.flip();
                    bigger.put(appIn);
                    appIn = bigger;
                }
                case BUFFER_UNDERFLOW -> {
                    int n = in.read(netIn.array(), netIn.position(), netIn.remaining());
                    if (n < 0) {
                        return -1;
                    }
                    netIn.position(netIn.position() + n);
                }
                default -> throw new IllegalStateException();
            }
        }
    }

    void write(String text) throws IOException {
        ByteBuffer src = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        while (src.hasRemaining()) {
            wrap(src);
        }
    }

    /** Reads application data until {@code expected} appears, the peer closes, or a timeout. */
    String readUntil(String expected) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        try {
            while (true) {
                int n = unwrap();
                if (engine.getHandshakeStatus() != HandshakeStatus.NOT_HANDSHAKING
                        && engine.getHandshakeStatus() != HandshakeStatus.FINISHED) {
                    drive(); // post-handshake messages that need an answer (TLS 1.3 KeyUpdate) or renegotiation
                }
                appIn.flip();
                got.write(appIn.array(), appIn.position(), appIn.remaining());
                appIn.clear();
                if (n < 0 || (expected != null && got.toString(StandardCharsets.UTF_8).contains(expected))) {
                    break;
                }
            }
        } catch (SocketTimeoutException e) {
            // return what arrived
        }
        return got.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        try {
            engine.closeOutbound();
            flushAlert();
        } finally {
            socket.close();
        }
    }
}
