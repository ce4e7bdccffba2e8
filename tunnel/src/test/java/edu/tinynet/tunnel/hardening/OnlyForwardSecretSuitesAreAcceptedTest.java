package edu.tinynet.tunnel.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.tinynet.tunnel.testing.ExternalTool;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With default settings a {@code client = no} service accepts no TLS 1.2 suite without forward
 * secrecy: {@code openssl s_client} offering every suite OpenSSL knows except the ECDHE/DHE ones
 * (at security level 0, so nothing is filtered on its side) gets no handshake, while the same client
 * offering only ECDHE suites does. TLS 1.3 suites are forward secret by design.
 */
class OnlyForwardSecretSuitesAreAcceptedTest {

    @TempDir
    Path dir;

    @Test
    void noNonForwardSecretSuiteIsAccepted() throws Exception {
        var openssl = ExternalTool.find("openssl");
        Assumptions.assumeTrue(openssl.isPresent(), "openssl is not installed");
        try (HardenedServer server = HardenedServer.start(dir)) {
            String nonFs = "ALL:COMPLEMENTOFALL:!kECDHE:!kDHE:!kEECDH:!kEDH:@SECLEVEL=0";
            String out = sClient(openssl.get(), server, nonFs, 1);
            assertTrue(out.contains("Cipher is (NONE)") || out.contains("handshake failure")
                    || out.contains("alert"), out);
            String fs = sClient(openssl.get(), server, "kECDHE", 0);
            assertTrue(fs.contains("Cipher is ECDHE-"), fs);
        }
    }

    private String sClient(Path openssl, HardenedServer server, String ciphers, int expectedExit) throws Exception {
        try (ExternalTool client = ExternalTool.start(dir, List.of(openssl.toString(), "s_client", "-connect",
                "127.0.0.1:" + server.port(), "-tls1_2", "-cipher", ciphers, "-servername", "localhost",
                "-CAfile", server.pki.caFile().toString()))) {
            client.stdin().close();
            int rc = client.waitFor(Duration.ofSeconds(20));
            assertEquals(expectedExit, rc, () -> ciphers + ":\n" + client.output());
            return client.output();
        }
    }
}
