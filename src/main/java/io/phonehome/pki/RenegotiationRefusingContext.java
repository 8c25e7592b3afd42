package io.phonehome.pki;

import java.nio.ByteBuffer;
import java.security.KeyManagementException;
import java.security.SecureRandom;
import java.util.List;
import java.util.function.BiFunction;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * A server {@link SSLContext} on the JDK's TLS whose engines end a connection on which the client
 * asks for a second handshake (TLS 1.2 client-initiated renegotiation). Each renegotiation makes
 * the server repeat a full handshake's key exchange on one connection, with no new connection for
 * a limit to count, and nothing a phone or an admin client needs: they connect, fetch, and go.
 *
 * <p>The JDK refuses renegotiation only through {@code jdk.tls.rejectClientInitiatedRenegotiation},
 * a system property read once for the whole process; wrapping the engines keeps the rule to the
 * listeners built from this context. BoringSSL refuses server-side renegotiation by itself, so a
 * Conscrypt context needs no wrapper.
 *
 * <p>How a renegotiation is seen: once a connection's handshake has finished, a TLS 1.2 client
 * sends handshake records (content type 22, visible in the clear record header) only to start a new
 * handshake; TLS 1.3 sends every later message, key updates included, as application data records
 * (type 23) and has no renegotiation. So an engine refuses any handshake record after its first
 * handshake finished, before the JDK even reads it. Phonehome never starts a second handshake from
 * the server side (client certificates are asked for in the first one), so nothing legitimate is lost.
 */
final class RenegotiationRefusingContext extends SSLContext {
    private static final byte HANDSHAKE_RECORD = 22;

    RenegotiationRefusingContext(SSLContext initialised) {
        this(initialised, null);
    }

    /** {@code alpn}: the server engines' ALPN choice (ACME's tls-alpn-01 through {@link ServerKeys}); null for none. */
    RenegotiationRefusingContext(SSLContext initialised, BiFunction<SSLEngine, List<String>, String> alpn) {
        super(new Spi(initialised, alpn), initialised.getProvider(), initialised.getProtocol());
    }

    private static final class Spi extends SSLContextSpi {
        private final SSLContext d;
        private final BiFunction<SSLEngine, List<String>, String> alpn;

        Spi(SSLContext d, BiFunction<SSLEngine, List<String>, String> alpn) {
            this.d = d;
            this.alpn = alpn;
        }

        private SSLEngine withAlpn(SSLEngine e) {
            if (alpn != null) {
                e.setHandshakeApplicationProtocolSelector(alpn);
            }
            return e;
        }

        @Override
        protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom sr) throws KeyManagementException {
            throw new KeyManagementException("this context was initialised before it was wrapped");
        }

        @Override
        protected SSLSocketFactory engineGetSocketFactory() {
            return d.getSocketFactory();
        }

        @Override
        protected SSLServerSocketFactory engineGetServerSocketFactory() {
            return d.getServerSocketFactory();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine() {
            return new Engine(withAlpn(d.createSSLEngine()), null, -1);
        }

        @Override
        protected SSLEngine engineCreateSSLEngine(String host, int port) {
            return new Engine(withAlpn(d.createSSLEngine(host, port)), host, port);
        }

        @Override
        protected SSLSessionContext engineGetServerSessionContext() {
            return d.getServerSessionContext();
        }

        @Override
        protected SSLSessionContext engineGetClientSessionContext() {
            return d.getClientSessionContext();
        }

        @Override
        protected SSLParameters engineGetDefaultSSLParameters() {
            return d.getDefaultSSLParameters();
        }

        @Override
        protected SSLParameters engineGetSupportedSSLParameters() {
            return d.getSupportedSSLParameters();
        }
    }

    /** The JDK engine, unchanged but for the refusal in {@link #unwrap}. */
    static final class Engine extends SSLEngine {
        private final SSLEngine d;
        private volatile boolean handshakeFinished;

        Engine(SSLEngine d, String host, int port) {
            super(host, port);
            this.d = d;
        }

        @Override
        public SSLEngineResult unwrap(ByteBuffer src, ByteBuffer[] dsts, int offset, int length) throws SSLException {
            // The JDK engine reads one record per call, so src starts at a record header here.
            if (handshakeFinished && !d.getUseClientMode() && src.hasRemaining() && src.get(src.position()) == HANDSHAKE_RECORD) {
                throw new SSLHandshakeException("client-initiated renegotiation is refused");
            }
            return seen(d.unwrap(src, dsts, offset, length));
        }

        @Override
        public SSLEngineResult wrap(ByteBuffer[] srcs, int offset, int length, ByteBuffer dst) throws SSLException {
            return seen(d.wrap(srcs, offset, length, dst));
        }

        private SSLEngineResult seen(SSLEngineResult r) {
            if (r.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.FINISHED) {
                handshakeFinished = true;
            }
            return r;
        }

        @Override
        public Runnable getDelegatedTask() {
            return d.getDelegatedTask();
        }

        @Override
        public void closeInbound() throws SSLException {
            d.closeInbound();
        }

        @Override
        public boolean isInboundDone() {
            return d.isInboundDone();
        }

        @Override
        public void closeOutbound() {
            d.closeOutbound();
        }

        @Override
        public boolean isOutboundDone() {
            return d.isOutboundDone();
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
        public void beginHandshake() throws SSLException {
            d.beginHandshake();
        }

        @Override
        public SSLEngineResult.HandshakeStatus getHandshakeStatus() {
            return d.getHandshakeStatus();
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
            d.setHandshakeApplicationProtocolSelector(selector == null ? null : (e, protocols) -> selector.apply(this, protocols));
        }

        @Override
        public BiFunction<SSLEngine, List<String>, String> getHandshakeApplicationProtocolSelector() {
            return d.getHandshakeApplicationProtocolSelector();
        }
    }
}
