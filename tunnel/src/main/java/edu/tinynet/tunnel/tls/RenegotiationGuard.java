package edu.tinynet.tunnel.tls;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.BiFunction;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLEngineResult.Status;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;

/**
 * An {@link SSLEngine} that refuses TLS 1.2 (and older) renegotiation: stunnel's
 * {@code renegotiation = no}, the safe default here.
 *
 * <h2>Why a wrapper</h2>
 * Java 17 has no per-engine switch. {@code jdk.tls.rejectClientInitiatedRenegotiation} is a
 * system property read once per process, covers only the server side, and would make
 * {@code renegotiation = yes} impossible for every other service. So each engine of a service with
 * renegotiation off is wrapped: once the first handshake has finished, a handshake message from
 * the peer that starts a new handshake (a ClientHello sent to a server, a HelloRequest sent to a
 * client) makes {@code unwrap} throw {@code SSLHandshakeException("peer-initiated TLS
 * renegotiation refused (renegotiation = no)")} before the JDK answers it. From then on the engine
 * is dead: {@code wrap}/{@code unwrap} produce nothing and report CLOSED, so the data path closes
 * the connection. Calling {@link #beginHandshake()} after the first handshake fails the same way.
 *
 * <p>TLS 1.3 has no renegotiation; its post-handshake messages (NewSessionTicket, KeyUpdate) pass.
 */
final class RenegotiationGuard extends SSLEngine {

    static final String REFUSED = "peer-initiated TLS renegotiation refused (renegotiation = no)";

    private final SSLEngine d;
    private volatile boolean firstHandshakeDone;
    private volatile SSLHandshakeException refused;

    RenegotiationGuard(SSLEngine delegate) {
        super(delegate.getPeerHost(), delegate.getPeerPort());
        this.d = delegate;
    }

    /** The wrapped engine. */
    SSLEngine delegate() {
        return d;
    }

    private SSLEngineResult watch(SSLEngineResult r, boolean inbound) throws SSLHandshakeException {
        if (r.getHandshakeStatus() == HandshakeStatus.FINISHED) {
            firstHandshakeDone = true;
            return r;
        }
        if (!inbound || !firstHandshakeDone || r.getStatus() != Status.OK) {
            return r;
        }
        HandshakeStatus hs = r.getHandshakeStatus();
        if (hs == HandshakeStatus.NOT_HANDSHAKING || isTls13()) {
            return r;
        }
        refused = new SSLHandshakeException(REFUSED);
        throw refused;
    }

    private boolean isTls13() {
        return "TLSv1.3".equals(d.getSession().getProtocol());
    }

    private SSLEngineResult dead(int consumed) {
        return new SSLEngineResult(Status.CLOSED, HandshakeStatus.NOT_HANDSHAKING, consumed, 0);
    }

    // ---------------------------------------------------------------- wrap / unwrap

    @Override
    public SSLEngineResult wrap(ByteBuffer[] srcs, int offset, int length, ByteBuffer dst) throws SSLException {
        if (refused != null) {
            return dead(0);
        }
        return watch(d.wrap(srcs, offset, length, dst), false);
    }

    @Override
    public SSLEngineResult wrap(ByteBuffer src, ByteBuffer dst) throws SSLException {
        if (refused != null) {
            return dead(0);
        }
        return watch(d.wrap(src, dst), false);
    }

    @Override
    public SSLEngineResult wrap(ByteBuffer[] srcs, ByteBuffer dst) throws SSLException {
        if (refused != null) {
            return dead(0);
        }
        return watch(d.wrap(srcs, dst), false);
    }

    @Override
    public SSLEngineResult unwrap(ByteBuffer src, ByteBuffer[] dsts, int offset, int length) throws SSLException {
        if (refused != null) {
            return dead(0);
        }
        return watch(d.unwrap(src, dsts, offset, length), true);
    }

    @Override
    public SSLEngineResult unwrap(ByteBuffer src, ByteBuffer dst) throws SSLException {
        if (refused != null) {
            return dead(0);
        }
        return watch(d.unwrap(src, dst), true);
    }

    @Override
    public SSLEngineResult unwrap(ByteBuffer src, ByteBuffer[] dsts) throws SSLException {
        if (refused != null) {
            return dead(0);
        }
        return watch(d.unwrap(src, dsts), true);
    }

    @Override
    public void beginHandshake() throws SSLException {
        if (refused != null) {
            throw refused;
        }
        if (firstHandshakeDone && !isTls13()) {
            throw new SSLHandshakeException("TLS renegotiation is disabled for this service (renegotiation = no)");
        }
        d.beginHandshake();
    }

    // ---------------------------------------------------------------- plain delegation

    @Override
    public Runnable getDelegatedTask() {
        return refused != null ? null : d.getDelegatedTask();
    }

    @Override
    public void closeInbound() throws SSLException {
        d.closeInbound();
    }

    @Override
    public boolean isInboundDone() {
        return refused != null || d.isInboundDone();
    }

    @Override
    public void closeOutbound() {
        d.closeOutbound();
    }

    @Override
    public boolean isOutboundDone() {
        return refused != null || d.isOutboundDone();
    }

    @Override
    public HandshakeStatus getHandshakeStatus() {
        return refused != null ? HandshakeStatus.NOT_HANDSHAKING : d.getHandshakeStatus();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return d.getSupportedCipherSuites();
    }

    @Override
    public String[] getEnabledCipherSuites() {
        return d.getEnabledCipherSuites();
    }

    @Override
    public void setEnabledCipherSuites(String[] suites) {
        d.setEnabledCipherSuites(suites);
    }

    @Override
    public String[] getSupportedProtocols() {
        return d.getSupportedProtocols();
    }

    @Override
    public String[] getEnabledProtocols() {
        return d.getEnabledProtocols();
    }

    @Override
    public void setEnabledProtocols(String[] protocols) {
        d.setEnabledProtocols(protocols);
    }

    @Override
    public SSLSession getSession() {
        return d.getSession();
    }

    @Override
    public SSLSession getHandshakeSession() {
        return d.getHandshakeSession();
    }

    @Override
    public void setUseClientMode(boolean mode) {
        d.setUseClientMode(mode);
    }

    @Override
    public boolean getUseClientMode() {
        return d.getUseClientMode();
    }

    @Override
    public void setNeedClientAuth(boolean need) {
        d.setNeedClientAuth(need);
    }

    @Override
    public boolean getNeedClientAuth() {
        return d.getNeedClientAuth();
    }

    @Override
    public void setWantClientAuth(boolean want) {
        d.setWantClientAuth(want);
    }

    @Override
    public boolean getWantClientAuth() {
        return d.getWantClientAuth();
    }

    @Override
    public void setEnableSessionCreation(boolean flag) {
        d.setEnableSessionCreation(flag);
    }

    @Override
    public boolean getEnableSessionCreation() {
        return d.getEnableSessionCreation();
    }

    @Override
    public SSLParameters getSSLParameters() {
        return d.getSSLParameters();
    }

    @Override
    public void setSSLParameters(SSLParameters params) {
        d.setSSLParameters(params);
    }

    @Override
    public String getApplicationProtocol() {
        return d.getApplicationProtocol();
    }

    @Override
    public String getHandshakeApplicationProtocol() {
        return d.getHandshakeApplicationProtocol();
    }

    @Override
    public void setHandshakeApplicationProtocolSelector(BiFunction<SSLEngine, List<String>, String> selector) {
        d.setHandshakeApplicationProtocolSelector(selector);
    }

    @Override
    public BiFunction<SSLEngine, List<String>, String> getHandshakeApplicationProtocolSelector() {
        return d.getHandshakeApplicationProtocolSelector();
    }

    @Override
    public String toString() {
        return "RenegotiationGuard[" + d + "]";
    }
}
