package edu.tinynet.tunnel.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * TLS parameters of one service.
 *
 * @param cert                {@code cert}: PEM (key + chain) or PKCS#12; null when not set
 * @param key                 {@code key}: defaults to {@code cert}
 * @param caFile              {@code CAfile}, or null
 * @param caPath              {@code CApath}, or null (every certificate in the directory is loaded)
 * @param crlFile             {@code CRLfile}, or null
 * @param verification        the verification options
 * @param minVersion          lowest TLS version enabled (default TLSv1.2)
 * @param maxVersion          highest TLS version enabled (default TLSv1.3)
 * @param ciphers             {@code ciphers} as written (OpenSSL cipher string for TLS 1.2 and below)
 * @param cipherSuites        the JSSE suite names {@code ciphers} translates to, in order
 * @param tls13CipherSuites   {@code ciphersuites}: TLS 1.3 suites (IANA names)
 * @param curves              {@code curves}, as JSSE named groups
 * @param sni                 client: server name to send; null = the connect host when it is a name;
 *                            empty = send none
 * @param sessionCacheSize    {@code sessionCacheSize}
 * @param sessionCacheTimeout {@code sessionCacheTimeout}
 * @param renegotiation       whether peer-initiated TLS 1.2 renegotiation is allowed (default no)
 */
public record TlsSettings(Path cert, Path key, Path caFile, Path caPath, Path crlFile,
        Verification verification, TlsVersion minVersion, TlsVersion maxVersion,
        String ciphers, List<String> cipherSuites, List<String> tls13CipherSuites, List<String> curves,
        String sni, int sessionCacheSize, Duration sessionCacheTimeout, boolean renegotiation) {

    public TlsSettings {
        cipherSuites = List.copyOf(cipherSuites);
        tls13CipherSuites = List.copyOf(tls13CipherSuites);
        curves = List.copyOf(curves);
    }

    /** The JSSE protocol names enabled, from min to max. */
    public List<String> enabledProtocols() {
        return java.util.Arrays.stream(TlsVersion.values())
                .filter(v -> v.compareTo(minVersion) >= 0 && v.compareTo(maxVersion) <= 0)
                .map(TlsVersion::jsseName)
                .toList();
    }
}
