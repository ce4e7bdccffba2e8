package edu.tinynet.tunnel.tls;

import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * A {@link TlsEngineFactory} over a ready {@link SSLContext}, for tests and simple embedding: the
 * client verifies the host name ({@code HTTPS} endpoint identification) against {@code peerHost};
 * the server optionally requires a client certificate.
 */
public final class SimpleEngineFactory implements TlsEngineFactory {

    private final SSLContext context;
    private final boolean needClientAuth;

    public SimpleEngineFactory(SSLContext context, boolean needClientAuth) {
        this.context = Objects.requireNonNull(context);
        this.needClientAuth = needClientAuth;
    }

    @Override
    public SSLEngine newEngine(boolean clientMode, String peerHost, int peerPort) {
        SSLEngine e = context.createSSLEngine(peerHost, peerPort);
        e.setUseClientMode(clientMode);
        SSLParameters p = e.getSSLParameters();
        if (clientMode) {
            p.setEndpointIdentificationAlgorithm("HTTPS");
        } else {
            p.setNeedClientAuth(needClientAuth);
        }
        e.setSSLParameters(p);
        return e;
    }
}
