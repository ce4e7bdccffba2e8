package edu.tinynet.tunnel.config;

import java.security.GeneralSecurityException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/** What the running Java runtime's default TLS provider supports (computed once). */
final class JvmTls {

    private static final Set<String> CIPHER_SUITES = load();

    private JvmTls() {
    }

    private static Set<String> load() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, null, null);
            SSLParameters supported = context.getSupportedSSLParameters();
            return Set.copyOf(new LinkedHashSet<>(List.of(supported.getCipherSuites())));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The Java runtime has no usable TLS implementation", e);
        }
    }

    /** Cipher suite names (JSSE spelling) this runtime can enable, TLS 1.3 suites included. */
    static Set<String> cipherSuites() {
        return CIPHER_SUITES;
    }
}
