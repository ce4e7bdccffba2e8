package edu.tinynet.tunnel.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each case changes one thing in the baseline and checks the parsed value. */
class ServiceOptionsTest {

    private static Arguments svc(String key, String value, Function<ServiceConfig, Object> get, Object expected) {
        return Arguments.of(key + " = " + value, Conf.baseline().service(key, value), get, expected);
    }

    private static Arguments conf(String name, Conf conf, Function<ServiceConfig, Object> get, Object expected) {
        return Arguments.of(name, conf, get, expected);
    }

    private static Verification verification(ServiceConfig s) {
        return s.tls().verification();
    }

    private static String flags(ServiceConfig s) {
        Verification v = verification(s);
        return "chain=" + v.verifyChain() + " peer=" + v.verifyPeer() + " require=" + v.requireCert()
                + " request=" + v.requestCert();
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                svc("client", "yes", ServiceConfig::client, true),
                svc("client", "no", ServiceConfig::client, false),
                svc("client", "TRUE", ServiceConfig::client, true),
                svc("accept", "127.0.0.1:4433", s -> s.accept().hostPort(), "127.0.0.1:4433"),
                svc("accept", "4433", s -> s.accept().hostPort(), "0.0.0.0:4433"),
                svc("accept", ":::4433", s -> s.accept().hostPort(), "[::]:4433"),
                svc("accept", "[::1]:4433", s -> s.accept().hostPort(), "[::1]:4433"),
                svc("accept", "0", s -> s.accept().port(), 0),
                svc("accept", "tunnel.tinynet.edu:4433", s -> s.accept().host(), "tunnel.tinynet.edu"),
                svc("connect", "ldap.tinynet.edu:636", s -> s.connect().get(0).hostPort(), "ldap.tinynet.edu:636"),
                svc("connect", "636", s -> s.connect().get(0).hostPort(), "localhost:636"),
                conf("connect repeated", Conf.baseline().serviceLine("connect = 8081").serviceLine("connect = b:8082"),
                        s -> s.connect().stream().map(Endpoint::hostPort).toList(),
                        List.of("localhost:8080", "localhost:8081", "b:8082")),
                svc("failover", "rr", ServiceConfig::failover, Failover.RR),
                svc("failover", "prio", ServiceConfig::failover, Failover.PRIO),
                svc("delay", "yes", ServiceConfig::delay, true),
                svc("local", "192.0.2.10", ServiceConfig::local, "192.0.2.10"),
                svc("cert", "certs/site.pem", s -> s.tls().cert(), Path.of("/etc/tunnel/certs/site.pem")),
                svc("cert", "certs/site.pem", s -> s.tls().key(), Path.of("/etc/tunnel/certs/site.pem")),
                svc("cert", "/srv/pki/site.pem", s -> s.tls().cert(), Path.of("/srv/pki/site.pem")),
                svc("key", "site.key", s -> s.tls().key(), Path.of("/etc/tunnel/site.key")),
                svc("key", "site.key", s -> s.tls().cert(), Path.of("/etc/tunnel/server.pem")),
                svc("CAfile", "ca.pem", s -> s.tls().caFile(), Path.of("/etc/tunnel/ca.pem")),
                svc("CApath", "../trusted", s -> s.tls().caPath(), Path.of("/etc/trusted")),
                svc("CRLfile", "crl.pem", s -> s.tls().crlFile(), Path.of("/etc/tunnel/crl.pem")),
                svc("verify", "0", ServiceOptionsTest::flags, "chain=false peer=false require=false request=true"),
                svc("verify", "1", ServiceOptionsTest::flags, "chain=true peer=false require=false request=true"),
                conf("verify = 2", Conf.baseline().service("CAfile", "ca.pem").service("verify", "2"),
                        ServiceOptionsTest::flags, "chain=true peer=false require=true request=true"),
                conf("verify = 3", Conf.baseline().service("CAfile", "ca.pem").service("verify", "3"),
                        ServiceOptionsTest::flags, "chain=true peer=true require=true request=true"),
                conf("verify = 4", Conf.baseline().service("CAfile", "ca.pem").service("verify", "4"),
                        ServiceOptionsTest::flags, "chain=false peer=true require=true request=true"),
                svc("verify", "none", ServiceOptionsTest::flags, "chain=false peer=false require=false request=false"),
                conf("verifyChain = yes", Conf.baseline().service("CAfile", "ca.pem").service("verifyChain", "yes"),
                        ServiceOptionsTest::flags, "chain=true peer=false require=true request=true"),
                conf("verifyPeer = yes", Conf.baseline().service("CAfile", "ca.pem").service("verifyPeer", "yes"),
                        ServiceOptionsTest::flags, "chain=false peer=true require=true request=true"),
                conf("verifyChain then requireCert = no", Conf.baseline().service("CAfile", "ca.pem")
                        .service("verifyChain", "yes").service("requireCert", "no"),
                        ServiceOptionsTest::flags, "chain=true peer=false require=false request=true"),
                svc("requireCert", "yes", ServiceOptionsTest::flags, "chain=false peer=false require=true request=true"),
                conf("checkHost repeated", Conf.baseline().serviceLine("checkHost = a.tinynet.edu")
                        .serviceLine("checkHost = *.tinynet.edu"), s -> verification(s).checkHost(),
                        List.of("a.tinynet.edu", "*.tinynet.edu")),
                svc("checkIP", "127.0.0.1", s -> verification(s).checkIp(), List.of("127.0.0.1")),
                svc("checkIP", "::1", s -> verification(s).checkIp(), List.of("::1")),
                svc("checkEmail", "admin@tinynet.edu", s -> verification(s).checkEmail(), List.of("admin@tinynet.edu")),
                svc("sslVersion", "TLSv1.3", s -> s.tls().enabledProtocols(), List.of("TLSv1.3")),
                svc("sslVersion", "TLSv1.2", s -> s.tls().enabledProtocols(), List.of("TLSv1.2")),
                svc("sslVersion", "all", s -> s.tls().enabledProtocols(),
                        List.of("SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3")),
                svc("sslVersionMin", "TLSv1.3", s -> s.tls().minVersion(), TlsVersion.TLSv1_3),
                svc("sslVersionMin", "TLSv1.1", s -> s.tls().minVersion(), TlsVersion.TLSv1_1),
                svc("sslVersionMax", "TLSv1.2", s -> s.tls().maxVersion(), TlsVersion.TLSv1_2),
                conf("sslVersion then sslVersionMax", Conf.baseline().service("sslVersion", "TLSv1.2")
                        .service("sslVersionMax", "TLSv1.3"), s -> s.tls().enabledProtocols(), List.of("TLSv1.2", "TLSv1.3")),
                svc("ciphers", "ECDHE+AESGCM", s -> s.tls().cipherSuites(), List.of(
                        "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
                        "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256")),
                svc("ciphers", "ECDHE+AESGCM", s -> s.tls().ciphers(), "ECDHE+AESGCM"),
                svc("ciphersuites", "TLS_AES_128_GCM_SHA256", s -> s.tls().tls13CipherSuites(),
                        List.of("TLS_AES_128_GCM_SHA256")),
                svc("curves", "P-384:X25519:prime256v1", s -> s.tls().curves(), List.of("secp384r1", "x25519", "secp256r1")),
                conf("sni = name", Conf.baseline().service("client", "yes").service("sni", "ldap.tinynet.edu"),
                        s -> s.tls().sni(), "ldap.tinynet.edu"),
                conf("sni = (empty)", Conf.baseline().service("client", "yes").service("sni", ""), s -> s.tls().sni(), ""),
                svc("sessionCacheSize", "50", s -> s.tls().sessionCacheSize(), 50),
                svc("sessionCacheTimeout", "60", s -> s.tls().sessionCacheTimeout(), Duration.ofSeconds(60)),
                svc("renegotiation", "yes", s -> s.tls().renegotiation(), true),
                svc("TIMEOUTbusy", "30", s -> s.timeouts().busy(), Duration.ofSeconds(30)),
                svc("TIMEOUTclose", "0", s -> s.timeouts().close(), Duration.ZERO),
                svc("TIMEOUTconnect", "3", s -> s.timeouts().connect(), Duration.ofSeconds(3)),
                svc("TIMEOUTidle", "600", s -> s.timeouts().idle(), Duration.ofSeconds(600)),
                svc("timeoutidle", "601", s -> s.timeouts().idle(), Duration.ofSeconds(601)),
                svc("debug", "7", ServiceConfig::debugLevel, 7),
                svc("debug", "info", ServiceConfig::debugLevel, 6),
                svc("debug", "daemon.warning", ServiceConfig::debugLevel, 4),
                svc("socket", "l:TCP_NODELAY=1", ServiceConfig::socketOptions,
                        List.of(new SocketOptionSetting('l', "TCP_NODELAY", "1"))),
                svc("socket", "a:SO_LINGER=1:60", ServiceConfig::socketOptions,
                        List.of(new SocketOptionSetting('a', "SO_LINGER", "1:60"))),
                svc("socket", "r:SO_RCVBUF=65536", ServiceConfig::socketOptions,
                        List.of(new SocketOptionSetting('r', "SO_RCVBUF", "65536"))),
                svc("reset", "no", ServiceConfig::reset, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void parsesTheValue(String name, Conf conf, Function<ServiceConfig, Object> get, Object expected)
            throws ConfigException {
        assertEquals(expected, get.apply(conf.svc()));
    }

    static Stream<Arguments> defaults() {
        return Stream.of(
                Arguments.of("client", (Function<ServiceConfig, Object>) ServiceConfig::client, false),
                Arguments.of("failover", (Function<ServiceConfig, Object>) ServiceConfig::failover, Failover.PRIO),
                Arguments.of("delay", (Function<ServiceConfig, Object>) ServiceConfig::delay, false),
                Arguments.of("local", (Function<ServiceConfig, Object>) ServiceConfig::local, null),
                Arguments.of("key = cert", (Function<ServiceConfig, Object>) s -> s.tls().key(),
                        Path.of("/etc/tunnel/server.pem")),
                Arguments.of("CAfile", (Function<ServiceConfig, Object>) s -> s.tls().caFile(), null),
                Arguments.of("verification", (Function<ServiceConfig, Object>) s -> s.tls().verification(),
                        Verification.NONE),
                Arguments.of("protocols", (Function<ServiceConfig, Object>) s -> s.tls().enabledProtocols(),
                        List.of("TLSv1.2", "TLSv1.3")),
                Arguments.of("ciphers", (Function<ServiceConfig, Object>) s -> s.tls().ciphers(),
                        "HIGH:!aNULL:!SSLv2:!DH:!kDHEPSK:!kRSA:!kECDH"),
                Arguments.of("ciphersuites", (Function<ServiceConfig, Object>) s -> s.tls().tls13CipherSuites(),
                        List.of("TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256", "TLS_CHACHA20_POLY1305_SHA256")),
                Arguments.of("curves", (Function<ServiceConfig, Object>) s -> s.tls().curves(),
                        List.of("x25519", "secp256r1", "x448", "secp521r1", "secp384r1")),
                Arguments.of("sni", (Function<ServiceConfig, Object>) s -> s.tls().sni(), null),
                Arguments.of("sessionCacheSize", (Function<ServiceConfig, Object>) s -> s.tls().sessionCacheSize(), 1000),
                Arguments.of("sessionCacheTimeout", (Function<ServiceConfig, Object>) s -> s.tls().sessionCacheTimeout(),
                        Duration.ofSeconds(300)),
                Arguments.of("renegotiation", (Function<ServiceConfig, Object>) s -> s.tls().renegotiation(), false),
                Arguments.of("timeouts", (Function<ServiceConfig, Object>) ServiceConfig::timeouts, Timeouts.DEFAULTS),
                Arguments.of("debug", (Function<ServiceConfig, Object>) ServiceConfig::debugLevel, 5),
                Arguments.of("socket", (Function<ServiceConfig, Object>) ServiceConfig::socketOptions, List.of()),
                Arguments.of("reset", (Function<ServiceConfig, Object>) ServiceConfig::reset, true));
    }

    @ParameterizedTest(name = "default {0}")
    @MethodSource("defaults")
    void baselineHasTheDocumentedDefault(String name, Function<ServiceConfig, Object> get, Object expected)
            throws ConfigException {
        assertEquals(expected, get.apply(Conf.baseline().svc()));
    }

    @Test
    void defaultCiphersOfferOnlyForwardSecretSuitesWithAesGcmFirst() throws ConfigException {
        List<String> suites = Conf.baseline().svc().tls().cipherSuites();
        assertTrue(suites.stream().allMatch(s -> s.startsWith("TLS_ECDHE_")), suites.toString());
        assertEquals("TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", suites.get(0));
        int lastGcm = Math.max(suites.lastIndexOf("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"),
                suites.lastIndexOf("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"));
        assertTrue(lastGcm < suites.indexOf("TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"), suites.toString());
    }
}
