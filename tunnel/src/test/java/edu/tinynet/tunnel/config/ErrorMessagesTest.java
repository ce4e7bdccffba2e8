package edu.tinynet.tunnel.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Errors name file and line, stunnel style, and all of them are reported at once. */
class ErrorMessagesTest {

    private static final String F = "/etc/tunnel/test.conf";

    /** The only error of {@code conf}, formatted. */
    private static String onlyError(Conf conf) {
        CheckResult result = conf.check();
        assertNull(result.config());
        assertEquals(1, result.errors().size(), result.errors().toString());
        return result.errors().get(0).format();
    }

    private static String at(Conf conf, String line) {
        return F + ":" + conf.lineOf(line) + ": \"" + line + "\": ";
    }

    @Test
    void unknownOptionNamesFileLineAndRawText() {
        Conf conf = Conf.baseline().serviceLine("foo = bar");
        assertEquals(F + ":7: \"foo = bar\": Specified option name is not valid here", onlyError(conf));
    }

    @Test
    void globalOptionInAServiceIsNotValidThere() {
        Conf conf = Conf.baseline().serviceLine("pid = /run/x.pid");
        assertEquals(at(conf, "pid = /run/x.pid") + "Specified option name is not valid here", onlyError(conf));
    }

    @Test
    void lineWithoutEquals() {
        Conf conf = Conf.baseline().serviceLine("accept 4434");
        assertEquals(at(conf, "accept 4434") + "No '=' found", onlyError(conf));
    }

    @Test
    void unclosedSectionHeaderIsALineWithoutEquals() {
        Conf conf = Conf.baseline().globalLine("[broken");
        assertEquals(at(conf, "[broken") + "No '=' found", onlyError(conf));
    }

    static Stream<Arguments> badValues() {
        return Stream.of(
                Arguments.of("accept", "99999", "Illegal port number \"99999\" for accept: use 0..65535"),
                Arguments.of("accept", "host:", "Illegal port number \"\" for accept: use 0..65535"),
                Arguments.of("accept", "[127.0.0.1]:80", "Illegal IPv6 address \"127.0.0.1\" for accept: brackets are only for IPv6 literals"),
                Arguments.of("accept", "bad_host!:80", "Illegal host name \"bad_host!\" for accept"),
                Arguments.of("connect", "0", "Illegal port number \"0\" for connect: use 1..65535"),
                Arguments.of("connect", "ldap:ldaps", "Illegal port number \"ldaps\" for connect: use 1..65535"),
                Arguments.of("client", "maybe", "Illegal boolean \"maybe\" for client: use yes or no"),
                Arguments.of("failover", "random", "Illegal failover strategy \"random\" for failover: use prio or rr"),
                Arguments.of("verify", "5", "Illegal verify level \"5\" for verify: use 0..4 or none"),
                Arguments.of("sslVersionMin", "TLSv9", "Illegal TLS version \"TLSv9\" for sslVersionMin: use all, SSLv3, TLSv1, TLSv1.1, TLSv1.2 or TLSv1.3"),
                Arguments.of("sslVersion", "SSLv2", "Illegal TLS version \"SSLv2\" for sslVersion: use all, SSLv3, TLSv1, TLSv1.1, TLSv1.2 or TLSv1.3"),
                Arguments.of("TIMEOUTbusy", "-1", "Illegal timeout \"-1\" for TIMEOUTbusy: a non-negative number of seconds is expected"),
                Arguments.of("TIMEOUTidle", "1h", "Illegal timeout \"1h\" for TIMEOUTidle: a non-negative number of seconds is expected"),
                Arguments.of("sessionCacheSize", "many", "Illegal number \"many\" for sessionCacheSize: a non-negative whole number is expected"),
                Arguments.of("debug", "loud", "Illegal log level \"loud\" for debug: use 0..7 or emerg, alert, crit, err, warning, notice, info, debug"),
                Arguments.of("debug", "8", "Illegal log level \"8\" for debug: use 0..7 or emerg, alert, crit, err, warning, notice, info, debug"),
                Arguments.of("ciphers", "HIGH:FOO", "Illegal cipher string for ciphers: Unknown cipher keyword or suite name \"FOO\""),
                Arguments.of("ciphers", "high", "Illegal cipher string for ciphers: Unknown cipher keyword or suite name \"high\""),
                Arguments.of("ciphers", "TLS_AES_128_GCM_SHA256", "Illegal cipher string for ciphers: \"TLS_AES_128_GCM_SHA256\" is a TLS 1.3 suite: set it with ciphersuites, not ciphers"),
                Arguments.of("ciphersuites", "TLS_AES_128_GCM_SHA256:ECDHE-RSA-AES128-GCM-SHA256", "Illegal cipher suite list for ciphersuites: Illegal TLS 1.3 cipher suite \"ECDHE-RSA-AES128-GCM-SHA256\": use TLS_AES_128_GCM_SHA256, TLS_AES_256_GCM_SHA384, TLS_CHACHA20_POLY1305_SHA256, TLS_AES_128_CCM_SHA256, TLS_AES_128_CCM_8_SHA256"),
                Arguments.of("curves", "P-256:brainpool", "Illegal curve \"brainpool\" for curves: use X25519, X448, P-256 (prime256v1), P-384 (secp384r1), P-521 (secp521r1) or ffdhe2048..8192"),
                Arguments.of("checkIP", "tinynet.edu", "Illegal IP address \"tinynet.edu\" for checkIP: an IPv4 or IPv6 literal is expected"),
                Arguments.of("checkEmail", "nobody", "Illegal e-mail address \"nobody\" for checkEmail"),
                Arguments.of("socket", "x:TCP_NODELAY=1", "Illegal socket option \"x:TCP_NODELAY=1\" for socket: use a|l|r:OPTION=VALUE"),
                Arguments.of("socket", "l:TCP_NODELAY=2", "Illegal value for socket option TCP_NODELAY \"2\" for socket: use 1 or 0"),
                Arguments.of("socket", "l:SO_FOO=1", "Illegal socket option name \"SO_FOO\" for socket: use one of IP_TOS, SO_KEEPALIVE, SO_LINGER, SO_RCVBUF, SO_REUSEADDR, SO_SNDBUF, TCP_NODELAY"),
                Arguments.of("sni", "10.0.0.1", "Illegal server name \"10.0.0.1\" for sni: SNI carries DNS names only, not IP addresses (RFC 6066)"),
                Arguments.of("accept", "*:443", "Illegal host name \"*\" for accept"),
                Arguments.of("checkHost", "bad host", "Illegal host name \"bad host\" for checkHost"),
                Arguments.of("cert", "", "TLS server needs a certificate"));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("badValues")
    void badValueNamesTheOption(String key, String value, String message) {
        Conf conf = Conf.baseline().service(key, value);
        String error = onlyError(conf);
        String line = (key + " = " + value).strip();
        String expected = message.startsWith("TLS server") ? "Service [svc]: " + message : at(conf, line) + message;
        assertEquals(expected, error);
    }

    @Test
    void everyErrorIsCollectedAndThrownTogether() {
        Conf conf = Conf.baseline().serviceLine("client = maybe").serviceLine("foo = bar").serviceLine("TIMEOUTbusy = x");
        ConfigException e = assertThrows(ConfigException.class, conf::parse);
        List<String> messages = e.errors().stream().map(Diagnostic::format).toList();
        assertEquals(List.of(
                at(conf, "client = maybe") + "Illegal boolean \"maybe\" for client: use yes or no",
                at(conf, "foo = bar") + "Specified option name is not valid here",
                at(conf, "TIMEOUTbusy = x") + "Illegal timeout \"x\" for TIMEOUTbusy: a non-negative number of seconds is expected"),
                messages);
        assertEquals(messages.get(0), e.getMessage());
    }

    @Test
    void serviceWithoutConnect() {
        assertEquals("Service [svc]: Each service must define two endpoints", onlyError(Conf.baseline().without("connect")));
    }

    @Test
    void serviceWithoutAccept() {
        assertEquals("Service [svc]: Each service must define two endpoints", onlyError(Conf.baseline().without("accept")));
    }

    @Test
    void serverWithoutCertificate() {
        assertEquals("Service [svc]: TLS server needs a certificate", onlyError(Conf.baseline().without("cert")));
    }

    @Test
    void badGlobalValues() {
        Conf conf = Conf.baseline().global("log", "rotate").global("foreground", "maybe");
        assertEquals(List.of(
                at(conf, "log = rotate") + "Illegal log mode \"rotate\" for log: use append or overwrite",
                at(conf, "foreground = maybe") + "Illegal foreground mode \"maybe\" for foreground: use yes, quiet or no"),
                conf.check().errors().stream().map(Diagnostic::format).toList());
    }

    @Test
    void keyWithoutCertificate() {
        Conf conf = Conf.baseline().without("cert").service("client", "yes").service("key", "client.key");
        assertEquals(at(conf, "key = client.key") + "A private key (key) needs a certificate (cert)", onlyError(conf));
    }

    @Test
    void clientNeedsNoCertificate() {
        assertTrue(Conf.baseline().without("cert").service("client", "yes").check().ok());
    }

    @Test
    void noServicesAtAll() {
        CheckResult result = ConfigParser.check("cert = a.pem\n", Conf.FILE, ParseOptions.STRICT);
        assertEquals(List.of("No services defined: add a [service] section"),
                result.errors().stream().map(Diagnostic::format).toList());
    }

    @Test
    void minAboveMax() {
        Conf conf = Conf.baseline().service("sslVersionMin", "TLSv1.3").service("sslVersionMax", "TLSv1.2");
        assertEquals("Service [svc]: sslVersionMin (TLSv1.3) is above sslVersionMax (TLSv1.2)", onlyError(conf));
    }

    @Test
    void cipherStringWithNoSuiteThisJvmSupports() {
        Conf conf = Conf.baseline().service("ciphers", "RC4");
        assertEquals(at(conf, "ciphers = RC4") + "No cipher suite supported by this Java runtime matches \"RC4\"",
                onlyError(conf));
    }

    @Test
    void cipherStringIsIrrelevantWhenOnlyTls13IsEnabled() {
        assertTrue(Conf.baseline().service("ciphers", "RC4").service("sslVersion", "TLSv1.3").check().ok());
    }

    @Test
    void verifyPeerWithoutCaFile() {
        assertEquals("Service [svc]: verifyPeer needs CAfile or CApath (the certificates to pin)",
                onlyError(Conf.baseline().service("verifyPeer", "yes")));
    }

    @Test
    void secondAcceptInOneService() {
        Conf conf = Conf.baseline().serviceLine("accept = 4434");
        assertEquals(at(conf, "accept = 4434")
                + "Only one accept address per service is supported (ignored in lenient mode)", onlyError(conf));
    }

    @Test
    void twoServicesOnTheSameAddress() {
        String text = "cert = s.pem\n[a]\naccept = 4433\nconnect = 1\n[b]\naccept = 0.0.0.0:4433\nconnect = 2\n";
        CheckResult result = ConfigParser.check(text, Conf.FILE, ParseOptions.STRICT);
        assertEquals(List.of(F + ":6: \"accept = 0.0.0.0:4433\": accept 0.0.0.0:4433 is already used by service [a]"),
                result.errors().stream().map(Diagnostic::format).toList());
    }

    @Test
    void twoServicesOnPortZeroAreFine() {
        String text = "cert = s.pem\n[a]\naccept = 0\nconnect = 1\n[b]\naccept = 0\nconnect = 2\n";
        assertTrue(ConfigParser.check(text, Conf.FILE, ParseOptions.STRICT).ok());
    }

    @Test
    void duplicateServiceName() {
        String text = "cert = s.pem\n[a]\naccept = 1\nconnect = 1\n[a]\naccept = 2\nconnect = 2\n";
        CheckResult result = ConfigParser.check(text, Conf.FILE, ParseOptions.STRICT);
        assertEquals(List.of(F + ":5: \"[a]\": Service [a] is already defined at " + F + ":2"),
                result.errors().stream().map(Diagnostic::format).toList());
    }

    @Test
    void emptyServiceName() {
        String text = "cert = s.pem\n[ ]\naccept = 1\nconnect = 1\n";
        CheckResult result = ConfigParser.check(text, Conf.FILE, ParseOptions.STRICT);
        assertFalse(result.ok());
        assertEquals(F + ":2: \"[ ]\": Empty service name", result.errors().get(0).format());
    }

    @Test
    void unreadableFileIsAnErrorNotAnException() {
        CheckResult result = ConfigParser.check(java.nio.file.Path.of("/nonexistent/tunnel.conf"), ParseOptions.STRICT);
        assertEquals("Cannot open configuration file /nonexistent/tunnel.conf: No such file or directory",
                result.errors().get(0).format());
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigParser.parse(java.nio.file.Path.of("/nonexistent/tunnel.conf"), ParseOptions.STRICT));
        assertTrue(e.getMessage().startsWith("Cannot open configuration file"));
    }
}
