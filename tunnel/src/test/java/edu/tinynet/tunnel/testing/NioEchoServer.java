package edu.tinynet.tunnel.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A one-thread NIO echo server on 127.0.0.1 for thousands of connections (a thread per connection
 * would not hold them): echoes everything, honours partial writes, and after the peer's EOF
 * shuts down its output once the echo is out, then closes.
 */
public final class NioEchoServer implements AutoCloseable {

    private final ServerSocketChannel server;
    private final Selector selector;
    private final Thread thread;
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger open = new AtomicInteger();
    private volatile boolean closing;

    private static final class Conn {
        final ArrayDeque<ByteBuffer> out = new ArrayDeque<>();
        boolean eof;
    }

    public NioEchoServer() throws IOException {
        server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4096);
        server.configureBlocking(false);
        selector = Selector.open();
        server.register(selector, SelectionKey.OP_ACCEPT);
        thread = new Thread(this::loop, "nio-echo-" + address().getPort());
        thread.setDaemon(true);
        thread.start();
    }

    public InetSocketAddress address() {
        try {
            return (InetSocketAddress) server.getLocalAddress();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Connections accepted so far. */
    public int accepted() {
        return accepted.get();
    }

    /** Connections open now. */
    public int open() {
        return open.get();
    }

    private void loop() {
        ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
        try {
            while (!closing) {
                selector.select();
                Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                while (it.hasNext()) {
                    SelectionKey k = it.next();
                    it.remove();
                    try {
                        if (!k.isValid()) {
                            continue;
                        }
                        if (k.isAcceptable()) {
                            SocketChannel c;
                            while ((c = server.accept()) != null) {
                                accepted.incrementAndGet();
                                open.incrementAndGet();
                                c.configureBlocking(false);
                                c.register(selector, SelectionKey.OP_READ, new Conn());
                            }
                            continue;
                        }
                        SocketChannel c = (SocketChannel) k.channel();
                        Conn conn = (Conn) k.attachment();
                        if (k.isReadable()) {
                            buf.clear();
                            int r = c.read(buf);
                            if (r < 0) {
                                conn.eof = true;
                            } else if (r > 0) {
                                buf.flip();
                                ByteBuffer copy = ByteBuffer.allocate(r);
                                copy.put(buf).flip();
                                conn.out.add(copy);
                            }
                        }
                        flush(k, c, conn);
                    } catch (IOException e) {
                        close(k);
                    }
                }
            }
        } catch (IOException | ClosedSelectorException e) {
            // closed
        } finally {
            for (SelectionKey k : selector.keys()) {
                try {
                    k.channel().close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
            try {
                selector.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    private void flush(SelectionKey k, SocketChannel c, Conn conn) throws IOException {
        ByteBuffer b;
        while ((b = conn.out.peek()) != null) {
            c.write(b);
            if (b.hasRemaining()) {
                break;
            }
            conn.out.poll();
        }
        if (conn.out.isEmpty() && conn.eof) {
            c.shutdownOutput();
            close(k);
            return;
        }
        int ops = conn.eof ? 0 : SelectionKey.OP_READ;
        if (!conn.out.isEmpty()) {
            ops |= SelectionKey.OP_WRITE;
        }
        k.interestOps(ops);
    }

    private void close(SelectionKey k) {
        k.cancel();
        try {
            k.channel().close();
        } catch (IOException ignored) {
            // closing anyway
        }
        open.decrementAndGet();
    }

    @Override
    public void close() throws IOException {
        closing = true;
        selector.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
