package edu.tinynet.tunnel.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Known stunnel options we don't implement: errors, or warnings in lenient mode. */
class UnsupportedOptionsTest {

    private static final String F = "/etc/tunnel/test.conf";

    @Test
    void strictModeRejectsTheOptionAndSaysWhy() {
        Conf conf = Conf.baseline().globalLine("setuid = nobody");
        CheckResult result = conf.check();
        assertNull(result.config());
        assertEquals(List.of(F + ":3: \"setuid = nobody\": Option \"setuid\" is not supported: a JVM cannot change its "
                + "user; start it as the right user (ignored in lenient mode)"),
                result.errors().stream().map(Diagnostic::format).toList());
    }

    @Test
    void lenientModeWarnsAndLoads() {
        Conf conf = Conf.baseline().globalLine("setuid = nobody").serviceLine("protocol = smtp");
        CheckResult result = conf.checkLenient();
        assertNotNull(result.config());
        assertEquals(List.of(
                F + ":3: \"setuid = nobody\": Option \"setuid\" is not supported: a JVM cannot change its user; "
                        + "start it as the right user; ignored",
                F + ":8: \"protocol = smtp\": Option \"protocol\" is not supported: protocol negotiation "
                        + "(STARTTLS, CONNECT, PROXY) is not implemented; ignored"),
                result.warnings().stream().map(Diagnostic::format).toList());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "chroot = /var/empty|Option \"chroot\" is not supported: a JVM cannot chroot; run it in a container or as an unprivileged user",
        "OCSPaia = yes|Option \"OCSPaia\" is not supported: OCSP checking is not implemented",
        "PSKsecrets = psk.txt|Option \"PSKsecrets\" is not supported: TLS pre-shared keys are not implemented",
        "libwrap = no|Option \"libwrap\" is not supported: TCP wrappers are not available in Java",
        "socket = l:SO_BINDTODEVICE=eth0|Socket option SO_BINDTODEVICE is not supported (supported: IP_TOS, SO_KEEPALIVE, SO_LINGER, SO_RCVBUF, SO_REUSEADDR, SO_SNDBUF, TCP_NODELAY)",
        "sni = primary:*.tinynet.edu|Server-side \"sni = SERVICE:PATTERN\" (SNI-selected services) is not supported",
    })
    void unsupportedInTheServiceSection(String line, String message) {
        Conf conf = Conf.baseline().serviceLine(line);
        int n = conf.lineOf(line);
        assertEquals(List.of(F + ":" + n + ": \"" + line + "\": " + message + " (ignored in lenient mode)"),
                conf.check().errors().stream().map(Diagnostic::format).toList());
        CheckResult lenient = conf.checkLenient();
        assertNotNull(lenient.config(), lenient.errors().toString());
        assertEquals(F + ":" + n + ": \"" + line + "\": " + message + "; ignored", lenient.warnings().get(0).format());
    }

    @Test
    void unixSocketAccept() {
        Conf conf = Conf.baseline().service("accept", "/run/tunnel.sock");
        assertEquals(List.of(F + ":5: \"accept = /run/tunnel.sock\": Unix socket addresses are not supported "
                + "(\"/run/tunnel.sock\" for accept) (ignored in lenient mode)"),
                conf.check().errors().stream().map(Diagnostic::format).toList());
    }

    @Test
    void ignoringTheOnlyAcceptInLenientModeLeavesAServiceWithOneEndpoint() {
        CheckResult result = Conf.baseline().service("accept", "/run/tunnel.sock").checkLenient();
        assertNull(result.config());
        assertEquals(List.of("Service [svc]: Each service must define two endpoints"),
                result.errors().stream().map(Diagnostic::format).toList());
    }

    @Test
    void ignoredSocketOptionIsNotApplied() {
        ServiceConfig s = Conf.baseline().serviceLine("socket = l:TCP_KEEPIDLE=60").serviceLine("socket = l:SO_KEEPALIVE=1")
                .checkLenient().config().services().get(0);
        assertEquals(List.of(new SocketOptionSetting('l', "SO_KEEPALIVE", "1")), s.socketOptions());
    }

    @Test
    void unknownOptionStaysAnErrorInLenientMode() {
        CheckResult result = Conf.baseline().serviceLine("foo = bar").checkLenient();
        assertNull(result.config());
        assertEquals(F + ":7: \"foo = bar\": Specified option name is not valid here", result.errors().get(0).format());
    }
}
