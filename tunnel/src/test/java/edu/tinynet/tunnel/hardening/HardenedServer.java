package edu.tinynet.tunnel.hardening;

import edu.tinynet.tunnel.config.ConfigParser;
import edu.tinynet.tunnel.config.ParseOptions;
import edu.tinynet.tunnel.config.TunnelConfig;
import edu.tinynet.tunnel.log.LogbackBridge;
import edu.tinynet.tunnel.log.LoggingTunnelListener;
import edu.tinynet.tunnel.log.StunnelLog;
import edu.tinynet.tunnel.service.ConnectionInfo;
import edu.tinynet.tunnel.service.ConnectionStats;
import edu.tinynet.tunnel.service.HandshakeInfo;
import edu.tinynet.tunnel.service.Tunnel;
import edu.tinynet.tunnel.service.TunnelDaemon;
import edu.tinynet.tunnel.service.TunnelListener;
import edu.tinynet.tunnel.testing.EchoServer;
import edu.tinynet.tunnel.testing.RecordingTunnelListener;
import edu.tinynet.tunnel.testing.TestPki;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@code client = no} service exactly as {@code tunnel run} builds it: configuration text through
 * {@link ConfigParser}, TLS from {@link TunnelDaemon#serviceTls} (so every default of the real
 * product applies), stunnel-format log lines (and SLF4J/MINA output through {@link LogbackBridge})
 * captured in memory, events recorded. The backend is an {@link EchoServer}.
 */
final class HardenedServer implements AutoCloseable {

    static final String SERVICE = "hardened";

    final TestPki pki;
    final EchoServer echo;
    final RecordingTunnelListener events = new RecordingTunnelListener();
    final List<String> warnings = new CopyOnWriteArrayList<>();
    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    private final StunnelLog log;
    final Tunnel tunnel;

    private HardenedServer(TestPki pki, EchoServer echo, int debug, String extraServiceLines) throws Exception {
        this.pki = pki;
        this.echo = echo;
        this.log = StunnelLog.toStream(new PrintStream(logBytes, true, StandardCharsets.UTF_8));
        String text = "foreground = yes\n"
                + "debug = " + debug + "\n"
                + "\n[" + SERVICE + "]\n"
                + "accept = 127.0.0.1:0\n"
                + "connect = 127.0.0.1:" + echo.port() + "\n"
                + "cert = " + pki.serverFile() + "\n"
                + extraServiceLines;
        TunnelConfig cfg = ConfigParser.parse(text, pki.dir().resolve("hardened.conf"), ParseOptions.STRICT);
        LogbackBridge.install(log, () -> debug);
        TunnelListener logging = new LoggingTunnelListener(log, () -> debug);
        Tunnel t = Tunnel.builder(TunnelDaemon.serviceTls(warnings::add)).listener(both(events, logging)).build();
        try {
            t.start(cfg);
        } catch (Exception e) {
            t.close();
            throw e;
        }
        this.tunnel = t;
    }

    /** A server with the product's defaults at {@code debug = 5}. */
    static HardenedServer start(Path dir) throws Exception {
        return start(dir, 5, "");
    }

    static HardenedServer start(Path dir, int debug, String extraServiceLines) throws Exception {
        TestPki pki = TestPki.create(dir);
        EchoServer echo = EchoServer.echo();
        try {
            return new HardenedServer(pki, echo, debug, extraServiceLines);
        } catch (Exception e) {
            echo.close();
            throw e;
        }
    }

    InetSocketAddress address() {
        return tunnel.boundAddress(SERVICE);
    }

    int port() {
        return address().getPort();
    }

    /** Everything logged so far. */
    String logText() {
        synchronized (logBytes) {
            return logBytes.toString(StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() throws Exception {
        try {
            tunnel.close();
        } finally {
            echo.close();
            log.close();
        }
    }

    /** Sends every event to both listeners. */
    static TunnelListener both(TunnelListener a, TunnelListener b) {
        List<TunnelListener> all = new ArrayList<>(List.of(a, b));
        return new TunnelListener() {
            @Override
            public void serviceStarted(String service, InetSocketAddress bound) {
                all.forEach(l -> l.serviceStarted(service, bound));
            }

            @Override
            public void serviceStopped(String service) {
                all.forEach(l -> l.serviceStopped(service));
            }

            @Override
            public void reloadSucceeded(Path source) {
                all.forEach(l -> l.reloadSucceeded(source));
            }

            @Override
            public void reloadFailed(Path source, String reason) {
                all.forEach(l -> l.reloadFailed(source, reason));
            }

            @Override
            public void accepted(ConnectionInfo c) {
                all.forEach(l -> l.accepted(c));
            }

            @Override
            public void connecting(ConnectionInfo c, InetSocketAddress remote) {
                all.forEach(l -> l.connecting(c, remote));
            }

            @Override
            public void connectFailed(ConnectionInfo c, InetSocketAddress remote, String reason) {
                all.forEach(l -> l.connectFailed(c, remote, reason));
            }

            @Override
            public void connected(ConnectionInfo c, InetSocketAddress remote, InetSocketAddress local) {
                all.forEach(l -> l.connected(c, remote, local));
            }

            @Override
            public void handshakeCompleted(ConnectionInfo c, HandshakeInfo h) {
                all.forEach(l -> l.handshakeCompleted(c, h));
            }

            @Override
            public void handshakeFailed(ConnectionInfo c, String reason) {
                all.forEach(l -> l.handshakeFailed(c, reason));
            }

            @Override
            public void protocolMismatch(ConnectionInfo c, String hint) {
                all.forEach(l -> l.protocolMismatch(c, hint));
            }

            @Override
            public void inputClosed(ConnectionInfo c, boolean tlsSide, String how) {
                all.forEach(l -> l.inputClosed(c, tlsSide, how));
            }

            @Override
            public void closed(ConnectionInfo c, ConnectionStats stats) {
                all.forEach(l -> l.closed(c, stats));
            }
        };
    }
}
