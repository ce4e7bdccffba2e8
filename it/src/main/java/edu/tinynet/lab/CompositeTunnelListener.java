package edu.tinynet.lab;

import edu.tinynet.tunnel.service.ConnectionInfo;
import edu.tinynet.tunnel.service.ConnectionStats;
import edu.tinynet.tunnel.service.HandshakeInfo;
import edu.tinynet.tunnel.service.TunnelListener;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Passes every tunnel event to each of its listeners in turn. A listener that throws does not keep
 * the others from hearing the event (the tunnel's I/O thread must never see the exception).
 */
final class CompositeTunnelListener implements TunnelListener {

    private final List<TunnelListener> listeners = new CopyOnWriteArrayList<>();

    CompositeTunnelListener(List<TunnelListener> initial) {
        listeners.addAll(initial);
    }

    void add(TunnelListener l) {
        listeners.add(l);
    }

    void remove(TunnelListener l) {
        listeners.remove(l);
    }

    private void each(Consumer<TunnelListener> call) {
        for (TunnelListener l : listeners) {
            try {
                call.accept(l);
            } catch (RuntimeException e) {
                // a broken listener must not break the tunnel or the other listeners
            }
        }
    }

    @Override
    public void serviceStarted(String service, InetSocketAddress bound) {
        each(l -> l.serviceStarted(service, bound));
    }

    @Override
    public void serviceStopped(String service) {
        each(l -> l.serviceStopped(service));
    }

    @Override
    public void reloadSucceeded(Path source) {
        each(l -> l.reloadSucceeded(source));
    }

    @Override
    public void reloadFailed(Path source, String reason) {
        each(l -> l.reloadFailed(source, reason));
    }

    @Override
    public void accepted(ConnectionInfo c) {
        each(l -> l.accepted(c));
    }

    @Override
    public void connecting(ConnectionInfo c, InetSocketAddress remote) {
        each(l -> l.connecting(c, remote));
    }

    @Override
    public void connectFailed(ConnectionInfo c, InetSocketAddress remote, String reason) {
        each(l -> l.connectFailed(c, remote, reason));
    }

    @Override
    public void connected(ConnectionInfo c, InetSocketAddress remote, InetSocketAddress local) {
        each(l -> l.connected(c, remote, local));
    }

    @Override
    public void handshakeCompleted(ConnectionInfo c, HandshakeInfo h) {
        each(l -> l.handshakeCompleted(c, h));
    }

    @Override
    public void handshakeFailed(ConnectionInfo c, String reason) {
        each(l -> l.handshakeFailed(c, reason));
    }

    @Override
    public void protocolMismatch(ConnectionInfo c, String hint) {
        each(l -> l.protocolMismatch(c, hint));
    }

    @Override
    public void inputClosed(ConnectionInfo c, boolean tlsSide, String how) {
        each(l -> l.inputClosed(c, tlsSide, how));
    }

    @Override
    public void closed(ConnectionInfo c, ConnectionStats stats) {
        each(l -> l.closed(c, stats));
    }
}
