package edu.tinynet.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A port the lab needs but someone else holds stops the start before anything runs, naming the component. */
class BusyPortIsNamedWithItsComponentTest {

    @TempDir
    Path work;

    @Test
    void busyLdapClientPortIsReportedAsWebServersTunnel() throws Exception {
        try (ServerSocket squatter = new ServerSocket()) {
            squatter.bind(new java.net.InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            int offset = squatter.getLocalPort() - LabEndpoint.WEB_LDAP.seedPort();
            org.junit.jupiter.api.Assumptions.assumeTrue(offset + 8000 <= 65535, "port too high for an offset");
            LabException e = assertThrows(LabException.class,
                    () -> Lab.builder().work(work).portOffset(offset).start());
            assertEquals(LabEndpoint.WEB_LDAP.title(), e.component());
            assertTrue(e.getMessage().startsWith("WebServer tunnel, LDAP client side: port " + squatter.getLocalPort()
                    + " on 127.0.0.1 is in use"), e.getMessage());
            // nothing was started: no certificates made, no configurations written
            assertTrue(!Files.exists(work.resolve("certs")), "certificates were made before the port check");
        }
    }
}
