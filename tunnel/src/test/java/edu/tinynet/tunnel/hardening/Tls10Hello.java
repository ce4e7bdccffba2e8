package edu.tinynet.tunnel.hardening;

import java.util.Random;

/** A ClientHello of a TLS 1.0-only client (no supported_versions, TLS 1.0 CBC suites). */
final class Tls10Hello {

    private Tls10Hello() {
    }

    static byte[] bytes(int seed) {
        byte[] random = new byte[32];
        new Random(seed).nextBytes(random);
        StringBuilder r = new StringBuilder();
        for (byte b : random) {
            r.append(String.format("%02x", b));
        }
        return HostileInput.hex("160301" + "0043" // handshake record, TLS 1.0, 67 bytes
                + "01" + "00003f" // ClientHello, 63 bytes
                + "0301" + r // client_version TLS 1.0, random
                + "00" // no session id
                + "0008" + "c013" + "c014" + "002f" + "0035" // ECDHE-RSA-AES-CBC-SHA, RSA-AES-CBC-SHA
                + "0100" // null compression
                + "000e" // extensions, 14 bytes
                + "000a" + "0004" + "0002" + "0017" // supported_groups: secp256r1
                + "000b" + "0002" + "0100"); // ec_point_formats: uncompressed
    }
}
