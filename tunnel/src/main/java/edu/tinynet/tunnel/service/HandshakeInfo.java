package edu.tinynet.tunnel.service;

/**
 * A completed TLS handshake.
 *
 * @param clientSide  true when this side connected (stunnel: "TLS connected"), false when it accepted
 * @param protocol    e.g. {@code TLSv1.3}
 * @param cipherSuite e.g. {@code TLS_AES_256_GCM_SHA384}
 * @param cipherBits  symmetric key length in bits, 0 when unknown
 * @param peerSubject the peer certificate's subject DN, or null when the peer sent none
 * @param resumed     true when a cached session was resumed
 */
public record HandshakeInfo(boolean clientSide, String protocol, String cipherSuite, int cipherBits,
        String peerSubject, boolean resumed) {

    /** The key length implied by a suite name: 256 for AES_256 and CHACHA20, 128 for AES_128, 0 if unknown. */
    public static int cipherBits(String suite) {
        if (suite == null) {
            return 0;
        }
        if (suite.contains("AES_256") || suite.contains("CHACHA20") || suite.contains("ARIA_256")
                || suite.contains("CAMELLIA_256")) {
            return 256;
        }
        if (suite.contains("AES_128") || suite.contains("ARIA_128") || suite.contains("CAMELLIA_128")) {
            return 128;
        }
        if (suite.contains("3DES")) {
            return 168;
        }
        return 0;
    }
}
