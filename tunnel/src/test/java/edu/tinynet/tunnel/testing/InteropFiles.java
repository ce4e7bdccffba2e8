package edu.tinynet.tunnel.testing;

import edu.tinynet.tunnel.pki.KeyMaterial;
import edu.tinynet.tunnel.pki.Pem;
import java.nio.file.Path;
import java.util.List;

/** The fixture PKI as PEM files for external programs: {@code ca.pem}, {@code server.pem}, {@code client.pem} (key + chain each). */
public record InteropFiles(Path ca, Path server, Path client) {

    public static InteropFiles write(TunnelFixtures.Pki pki, Path dir) throws Exception {
        Path ca = dir.resolve("ca.pem");
        Path server = dir.resolve("server.pem");
        Path client = dir.resolve("client.pem");
        Pem.writeCertificates(ca, List.of(pki.ca().certificate()), true);
        Pem.writeCombined(server, pki.server(), true);
        Pem.writeCombined(client, pki.client(), true);
        return new InteropFiles(ca, server, client);
    }

    /** Writes one key + chain file. */
    public static Path writeCombined(KeyMaterial m, Path file) throws Exception {
        Pem.writeCombined(file, m, true);
        return file;
    }
}
