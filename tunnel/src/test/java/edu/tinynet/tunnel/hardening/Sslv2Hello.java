package edu.tinynet.tunnel.hardening;

import java.util.Random;

/** An SSL 2.0 CLIENT-HELLO as an SSLv2-only client sends it (RFC 6176 forbids answering it). */
final class Sslv2Hello {

    private Sslv2Hello() {
    }

    static byte[] bytes(int seed) {
        byte[] challenge = new byte[16];
        new Random(seed).nextBytes(challenge);
        byte[] head = HostileInput.hex("801f" // 2-byte header, length 31
                + "01" // CLIENT-HELLO
                + "0002" // SSL 2.0
                + "0006" + "0000" + "0010" // cipher specs, session id, challenge lengths
                + "0700c0" + "050080"); // SSL_CK_DES_192_EDE3_CBC_WITH_MD5, SSL_CK_RC4_128_WITH_MD5
        byte[] out = new byte[head.length + challenge.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(challenge, 0, out, head.length, challenge.length);
        return out;
    }
}
