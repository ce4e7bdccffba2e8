package edu.tinynet.tunnel.tls;

import edu.tinynet.tunnel.config.TlsVersion;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Run in a separate JVM by {@link LegacyProtocolOverrideTest}: a server-mode engine with
 * {@code sslVersionMin = TLSv1.1}, one connection, outcome on stdout.
 */
public final class LegacyServerMain {

    private LegacyServerMain() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("legacy-tls");
        Fixture f = new Fixture(dir);
        Fixture.Tls s = f.serverSettings();
        s.min = TlsVersion.TLSv1_1;
        ServiceTls tls = ServiceTls.create(Fixture.service("legacy", false, s.build()), w -> System.out.println("WARN " + w));
        System.out.println("PROTOCOLS " + tls.protocols());
        try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            System.out.println("PORT " + ss.getLocalPort());
            System.out.flush();
            try (Socket sock = ss.accept(); EngineSocket es = new EngineSocket(sock, tls.newEngine(false, "peer", 1))) {
                es.handshake();
                System.out.println("HANDSHAKE " + es.engine().getSession().getProtocol() + " "
                        + es.engine().getSession().getCipherSuite());
            } catch (Exception e) {
                System.out.println("FAILED " + tls.describeFailure(e, false));
            }
        }
    }
}
