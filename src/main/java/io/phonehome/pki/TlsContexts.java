package io.phonehome.pki;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/** {@link SSLContext}s for Phonehome's listeners (HTTPS, SIP-TLS) and for its own clients in tests and tools. */
public final class TlsContexts {
    private static final char[] EPHEMERAL = "phonehome".toCharArray();

    private TlsContexts() {
    }

    /**
     * The server context. Client certificates are requested (when the listener asks for them)
     * but never rejected during the handshake: a phone presenting a factory certificate from a CA
     * we do not know must still get its common files. Whether a presented certificate proves
     * anything is decided later, per request, by {@link ClientCertificates}.
     */
    public static SSLContext server(CertificateAuthority ca) {
        return server(ca, false);
    }

    /**
     * Either engine refuses client-initiated renegotiation (see {@link RenegotiationRefusingContext}).
     *
     * @param boringSsl use BoringSSL (Conscrypt) when it is available here, else the JDK engine
     */
    public static SSLContext server(CertificateAuthority ca, boolean boringSsl) {
        try {
            java.security.Provider native_ = boringSsl ? BoringSsl.provider() : null;
            SSLContext ctx = native_ != null ? SSLContext.getInstance("TLS", native_) : SSLContext.getInstance("TLS");
            // the shared key manager (BoringSSL sees it with its own copy of the key): a reloaded
            // operator certificate reaches new handshakes of every listener
            ctx.init(native_ != null ? ca.serverKeys().asBoringSslKeyManagers() : ca.serverKeys().asKeyManagers(),
                    new TrustManager[] {new DeferredClientTrust()}, null);
            // BoringSSL refuses client-initiated renegotiation by itself; the JDK's TLS must be told per engine.
            // and its engines answer ALPN "acme-tls/1" while an ACME tls-alpn-01 challenge is open
            return native_ != null ? ctx : new RenegotiationRefusingContext(ctx, ca.serverKeys()::applicationProtocol);
        } catch (GeneralSecurityException e) {
            throw new PkiException("cannot build the server TLS context", e);
        }
    }

    /** A client context that trusts only the given CA (tests, the CLI, health checks). */
    public static SSLContext clientTrusting(X509Certificate ca) {
        return client(ca, null);
    }

    /** A client context that trusts only the given CAs (a private ACME server's). */
    public static SSLContext clientTrusting(java.util.List<X509Certificate> cas) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            for (int i = 0; i < cas.size(); i++) {
                trust.setCertificateEntry("ca" + i, cas.get(i));
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new PkiException("cannot build a client TLS context", e);
        }
    }

    /** A client context that trusts {@code ca} and presents {@code device} as its client certificate. */
    public static SSLContext client(X509Certificate ca, CertificateAuthority.DeviceCredentials device) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", ca);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            KeyManagerFactory kmf = null;
            if (device != null) {
                KeyStore ks = KeyStore.getInstance("PKCS12");
                ks.load(null, null);
                ks.setKeyEntry("device", device.privateKey(), EPHEMERAL, new X509Certificate[] {device.certificate()});
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(ks, EPHEMERAL);
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new PkiException("cannot build a client TLS context", e);
        }
    }

    /** Accepts any client chain at handshake time; verification is deferred to the request. */
    private static final class DeferredClientTrust extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws java.security.cert.CertificateException {
            throw new java.security.cert.CertificateException("server trust is not decided here");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws java.security.cert.CertificateException {
            throw new java.security.cert.CertificateException("server trust is not decided here");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws java.security.cert.CertificateException {
            throw new java.security.cert.CertificateException("server trust is not decided here");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            // An empty list lets a phone send whatever device certificate it has.
            return new X509Certificate[0];
        }
    }
}
