package edu.tinynet.tunnel.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every key type works for real JSSE handshakes (Java 17 SunJSSE) in TLS 1.3 and TLS 1.2, with
 * the client checking the server's host name and the server requiring a client certificate.
 * This is the evidence for the Ed25519 claim in {@link KeyType}.
 */
class JsseHandshakeTest {

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
    void mutualHandshakeWithHostNameCheck(KeyType type, String protocol) throws Exception {
        KeyMaterial ca = CertificateBuilder.ca("CN=TinyNetCA,O=tinynet.edu").keyType(type).build();
        KeyMaterial server = CertificateBuilder.server("CN=ldap.tinynet.edu").keyType(type)
                .dns("ldap.tinynet.edu").ip("127.0.0.1").issuedBy(ca).build();
        KeyMaterial client = CertificateBuilder.client("CN=webserver client").keyType(type).issuedBy(ca).build();
        List<X509Certificate> trusted = List.of(ca.certificate());
        SSLContext serverCtx = server.toSslContext(trusted);
        SSLContext clientCtx = client.toSslContext(trusted);

        try (SSLServerSocket listener = (SSLServerSocket) serverCtx.getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            listener.setEnabledProtocols(new String[] {protocol});
            listener.setNeedClientAuth(true);
            listener.setSoTimeout(20_000);
            Future<String> served = pool.submit(() -> {
                try (SSLSocket s = (SSLSocket) listener.accept()) {
                    s.setSoTimeout(20_000);
                    s.startHandshake();
                    InputStream in = s.getInputStream();
                    OutputStream out = s.getOutputStream();
                    int b = in.read();
                    out.write(b + 1);
                    out.flush();
                    X509Certificate peer = (X509Certificate) s.getSession().getPeerCertificates()[0];
                    return Certificates.subject(peer);
                }
            });

            Socket plain = new Socket();
            plain.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort()), 10_000);
            try (SSLSocket s = (SSLSocket) clientCtx.getSocketFactory().createSocket(plain, "ldap.tinynet.edu",
                    listener.getLocalPort(), true)) {
                s.setSoTimeout(20_000);
                s.setEnabledProtocols(new String[] {protocol});
                SSLParameters p = s.getSSLParameters();
                p.setEndpointIdentificationAlgorithm("HTTPS");
                s.setSSLParameters(p);
                s.startHandshake();
                assertEquals(protocol, s.getSession().getProtocol());
                X509Certificate peer = (X509Certificate) s.getSession().getPeerCertificates()[0];
                assertEquals(server.certificate(), peer);
                s.getOutputStream().write(41);
                s.getOutputStream().flush();
                assertEquals(42, s.getInputStream().read());
            }
            assertEquals("CN=webserver client", served.get(20, TimeUnit.SECONDS));
        }
    }

    @ParameterizedTest(name = "over {0}")
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void wrongHostNameFailsTheHandshake(String protocol) throws Exception {
        KeyMaterial ca = CertificateBuilder.ca("CN=TinyNetCA").build();
        KeyMaterial server = CertificateBuilder.server("CN=ldap.tinynet.edu").dns("ldap.tinynet.edu").issuedBy(ca).build();
        SSLContext serverCtx = server.toSslContext(List.of());
        SSLContext clientCtx = KeyMaterial.trustingSslContext(List.of(ca.certificate()));
        try (SSLServerSocket listener = (SSLServerSocket) serverCtx.getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            listener.setEnabledProtocols(new String[] {protocol});
            listener.setSoTimeout(20_000);
            CompletableFuture.runAsync(() -> {
                try (SSLSocket s = (SSLSocket) listener.accept()) {
                    s.startHandshake();
                } catch (Exception expected) {
                    // the client aborts
                }
            }, pool);
            Socket plain = new Socket();
            plain.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort()), 10_000);
            try (SSLSocket s = (SSLSocket) clientCtx.getSocketFactory().createSocket(plain, "mail.tinynet.edu",
                    listener.getLocalPort(), true)) {
                s.setSoTimeout(20_000);
                SSLParameters p = s.getSSLParameters();
                p.setEndpointIdentificationAlgorithm("HTTPS");
                s.setSSLParameters(p);
                Exception e = org.junit.jupiter.api.Assertions.assertThrows(javax.net.ssl.SSLHandshakeException.class,
                        s::startHandshake);
                assertTrue(String.valueOf(e.getMessage()).contains("mail.tinynet.edu"), e.getMessage());
            }
        }
    }
}
