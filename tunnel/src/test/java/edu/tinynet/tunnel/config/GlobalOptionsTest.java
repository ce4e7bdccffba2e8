package edu.tinynet.tunnel.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Global options, and service options written in the global section as defaults. */
class GlobalOptionsTest {

    private static GlobalSettings global(Conf conf) throws ConfigException {
        return conf.parse().global();
    }

    @Test
    void defaults() throws ConfigException {
        assertEquals(new GlobalSettings(5, null, true, null, GlobalSettings.Foreground.NO, "stunnel"),
                global(Conf.baseline()));
    }

    @Test
    void output() throws ConfigException {
        assertEquals(Path.of("/etc/tunnel/log/tunnel.log"), global(Conf.baseline().global("output", "log/tunnel.log")).output());
        assertEquals(Path.of("/dev/stdout"), global(Conf.baseline().global("output", "/dev/stdout")).output());
    }

    @Test
    void logOverwrite() throws ConfigException {
        assertEquals(false, global(Conf.baseline().global("log", "overwrite")).appendLog());
    }

    @Test
    void pidFileAndEmptyPid() throws ConfigException {
        assertEquals(Path.of("/run/tunnel.pid"), global(Conf.baseline().global("pid", "/run/tunnel.pid")).pid());
        assertNull(global(Conf.baseline().global("pid", "")).pid());
    }

    @Test
    void foreground() throws ConfigException {
        assertEquals(GlobalSettings.Foreground.YES, global(Conf.baseline().global("foreground", "yes")).foreground());
        assertEquals(GlobalSettings.Foreground.QUIET, global(Conf.baseline().global("foreground", "quiet")).foreground());
    }

    @Test
    void serviceIdent() throws ConfigException {
        assertEquals("tinytunnel", global(Conf.baseline().global("service", "tinytunnel")).syslogIdent());
    }

    @Test
    void globalDebugSetsProcessLevelAndServiceDefault() throws ConfigException {
        TunnelConfig config = Conf.baseline().global("debug", "debug").parse();
        assertEquals(7, config.global().debugLevel());
        assertEquals(7, config.services().get(0).debugLevel());
    }

    @Test
    void serviceDebugOverridesOnlyTheService() throws ConfigException {
        TunnelConfig config = Conf.baseline().global("debug", "3").service("debug", "6").parse();
        assertEquals(3, config.global().debugLevel());
        assertEquals(6, config.services().get(0).debugLevel());
    }

    @Test
    void globalServiceOptionsAreCopiedIntoEveryService() throws ConfigException {
        String text = """
                cert = site.pem
                TIMEOUTidle = 60
                sslVersionMin = TLSv1.3
                [a]
                accept = 1001
                connect = 2001
                [b]
                accept = 1002
                connect = 2002
                TIMEOUTidle = 90
                """;
        List<ServiceConfig> services = ConfigParser.parse(text, Conf.FILE, ParseOptions.STRICT).services();
        assertEquals(Duration.ofSeconds(60), services.get(0).timeouts().idle());
        assertEquals(Duration.ofSeconds(90), services.get(1).timeouts().idle());
        for (ServiceConfig s : services) {
            assertEquals(Path.of("/etc/tunnel/site.pem"), s.tls().cert());
            assertEquals(TlsVersion.TLSv1_3, s.tls().minVersion());
        }
    }

    @Test
    void globalConnectAndCheckHostAreExtendedByTheService() throws ConfigException {
        ServiceConfig s = Conf.baseline().global("checkHost", "a.tinynet.edu").service("checkHost", "b.tinynet.edu").svc();
        assertEquals(List.of("a.tinynet.edu", "b.tinynet.edu"), s.tls().verification().checkHost());
    }

    @Test
    void emptyPathInServiceRemovesTheGlobalDefault() throws ConfigException {
        ServiceConfig s = Conf.baseline().global("CAfile", "ca.pem").service("CAfile", "").svc();
        assertNull(s.tls().caFile());
    }

    @Test
    void serviceCertChangesTheDefaultKeyButAGlobalKeyStays() throws ConfigException {
        assertEquals(Path.of("/etc/tunnel/own.pem"), Conf.baseline().service("cert", "own.pem").svc().tls().key());
        assertEquals(Path.of("/etc/tunnel/shared.key"),
                Conf.baseline().global("key", "shared.key").service("cert", "own.pem").svc().tls().key());
    }

    @Test
    void pathsInAnIncludedFileAreRelativeToThatFile() {
        // covered with real files in IncludeTest; here: a relative config file name has no directory
        TunnelConfig config = ConfigParser.check("cert = s.pem\n[a]\naccept = 1\nconnect = 2\n", Path.of("rel.conf"),
                ParseOptions.STRICT).config();
        assertEquals(Path.of("rel.conf").toAbsolutePath().getParent().resolve("s.pem"),
                config.services().get(0).tls().cert());
    }
}
