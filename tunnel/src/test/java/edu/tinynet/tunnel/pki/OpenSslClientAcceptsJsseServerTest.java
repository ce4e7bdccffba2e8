package edu.tinynet.tunnel.pki;

import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.tinynet.tunnel.testing.OpenSsl;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code openssl s_client} verifies a JSSE server that presents our certificate of every key type
 * (chain to our CA file, host name), over TLS 1.3 and TLS 1.2: the independent interop judge for
 * our certificates on the wire, Ed25519 included.
 */
class OpenSslClientAcceptsJsseServerTest {

    @TempDir
    Path dir;

    static ExecutorService pool;

    @BeforeAll
    static void start() {
        pool = Executors.newCachedThreadPool();
    }

    @AfterAll
    static void stop() {
        pool.shutdownNow();
    }

    static Stream<Arguments> cases() {
        return Stream.of(KeyType.values())
                .flatMap(t -> Stream.of(Arguments.of(t, "TLSv1.3"), Arguments.of(t, "TLSv1.2")));
    }

    @ParameterizedTest(name = "{0} over {1}")
    @MethodSource("cases")
    void opensslVerifiesTheJsseServer(KeyType type, String protocol) throws Exception {
        KeyMaterial ca = CertificateBuilder.ca("CN=TinyNetCA,O=tinynet.edu").keyType(type).build();
        KeyMaterial server = CertificateBuilder.server("CN=ldap.tinynet.edu").keyType(type)
                .dns("ldap.tinynet.edu").issuedBy(ca).build();
        Path caFile = dir.resolve("ca.pem");
        Pem.writeCertificates(caFile, ca.chain(), false);
        SSLContext ctx = server.toSslContext(List.of());
        try (SSLServerSocket listener = (SSLServerSocket) ctx.getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            listener.setEnabledProtocols(new String[] {protocol});
            listener.setSoTimeout(30_000);
            Future<?> served = pool.submit(() -> {
                try (SSLSocket s = (SSLSocket) listener.accept()) {
                    s.setSoTimeout(30_000);
                    s.startHandshake();
                    InputStream in = s.getInputStream();
                    while (in.read() >= 0) {
                        // until openssl closes
                    }
                }
                return null;
            });
            OpenSsl.Result r = OpenSsl.run(null, Duration.ofSeconds(30), "s_client", "-connect",
                    "127.0.0.1:" + listener.getLocalPort(), "-servername", "ldap.tinynet.edu",
                    "-verify_hostname", "ldap.tinynet.edu", "-CAfile", caFile.toString(), "-verify_return_error",
                    protocol.equals("TLSv1.3") ? "-tls1_3" : "-tls1_2", "-brief");
            r.assertOk();
            assertTrue(r.output().contains("Verification: OK"), r.output());
            assertTrue(r.output().contains("Protocol version: " + protocol), r.output());
            served.get(30, TimeUnit.SECONDS);
        }
    }
}
