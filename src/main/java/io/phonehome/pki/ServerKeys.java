package io.phonehome.pki;

import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.X509ExtendedKeyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The certificate every TLS listener presents (phone HTTPS, admin HTTPS, SIP-TLS), as one key
 * manager they all share. Either Phonehome's own CA-issued certificate (fixed), or the
 * operator's files ({@link CertificateFiles}), re-read when they change: at most every
 * {@code checkMillis}, a handshake (or {@link #checkNow()}) compares the files' modification
 * times and sizes; a changed pair that checks out replaces the presented certificate for the next
 * handshakes, one that does not is refused and the old certificate stays. The swap is one
 * volatile write, so it works with any engine that asks its key manager per handshake (the JDK's
 * and BoringSSL's through Conscrypt both do).
 */
public final class ServerKeys extends X509ExtendedKeyManager {
    private static final Logger log = LoggerFactory.getLogger(ServerKeys.class);
    private static final char[] EPHEMERAL = "phonehome".toCharArray();

    /** A reload's outcome: {@code accepted} with the new subject and expiry, or refused with the reason. */
    public record Reload(boolean accepted, String detail) {
    }

    /**
     * One loaded certificate. The delegate's aliases are prefixed with the generation, so a
     * handshake that chose its alias just before a swap still gets the matching chain and key.
     */
    private record Generation(long id, CertifiedKey key, X509ExtendedKeyManager delegate, Map<String, PrivateKey> boringSslKeys) {
        Generation(long id, CertifiedKey key, X509ExtendedKeyManager delegate) {
            this(id, key, delegate, new ConcurrentHashMap<>());
        }

        String alias(String delegateAlias) {
            return delegateAlias == null ? null : id + "/" + delegateAlias;
        }

        /**
         * The delegate's key as BoringSSL's own, made once per generation and alias. Conscrypt
         * takes any other key apart at every handshake (PKCS#8 encoding, parsing, and, because the
         * JDK's EC keys encode no public key, a scalar multiplication to recompute it): ~16 µs of
         * a boot storm's ~600 µs per phone. A key it cannot take falls back to the delegate's.
         */
        PrivateKey boringSslKey(String delegateAlias) {
            return boringSslKeys.computeIfAbsent(delegateAlias, a -> {
                PrivateKey jdk = delegate.getPrivateKey(a);
                Provider bssl = BoringSsl.provider();
                if (jdk == null || bssl == null || jdk.getEncoded() == null) {
                    return jdk;
                }
                try {
                    return KeyFactory.getInstance(jdk.getAlgorithm(), bssl).generatePrivate(new PKCS8EncodedKeySpec(jdk.getEncoded()));
                } catch (GeneralSecurityException | RuntimeException e) {
                    log.debug("BoringSSL does not take the {} key of {} as its own ({}); handing it over per handshake",
                            jdk.getAlgorithm(), key.leaf().getSubjectX500Principal(), e.toString());
                    return jdk;
                }
            });
        }
    }

    private static final AtomicLong GENERATIONS = new AtomicLong();

    private final CertificateFiles files;
    private final Clock clock;
    private final long checkMillis;
    private volatile Generation current;
    private volatile Generation previous;
    private volatile CertificateFiles.Stamp lastStamp;
    private volatile long nextCheck;
    private volatile Consumer<Reload> reloads = r -> { };
    private final BoringSslView boringSslView = new BoringSslView();
    /** ACME tls-alpn-01 (RFC 8737): the challenge certificate per host name, only while its order runs. */
    private final Map<String, Generation> alpnChallenges = new ConcurrentHashMap<>();
    static final String ACME_TLS_1 = "acme-tls/1";

    private ServerKeys(CertifiedKey key, CertificateFiles files, Clock clock, long checkMillis) {
        this.files = files;
        this.clock = clock;
        this.checkMillis = checkMillis;
        this.current = generation(key);
        this.previous = current;
        this.lastStamp = files == null ? null : files.stamp();
        this.nextCheck = clock.millis() + checkMillis;
    }

    /** Always the same certificate (Phonehome's own). */
    public static ServerKeys fixed(CertifiedKey key) {
        return new ServerKeys(key, null, Clock.systemUTC(), Long.MAX_VALUE / 2);
    }

    /**
     * The operator's certificate files, loaded and checked now; a {@link PkiException} naming the
     * file and the reason when they do not parse, do not match or are expired (start-up refuses).
     *
     * @param checkMillis how often at most the files are looked at again (0: at every handshake)
     */
    public static ServerKeys fromFiles(CertificateFiles files, Clock clock, long checkMillis) {
        CertificateFiles.Stamp stamp = files.stamp();
        ServerKeys keys = new ServerKeys(files.load(clock.instant()), files, clock, checkMillis);
        keys.lastStamp = stamp;
        log.info("TLS: serving the certificate {} from {} (expires {})", keys.current().leaf().getSubjectX500Principal(),
                files.certificate(), keys.current().notAfter());
        return keys;
    }

    /** Told of every reload attempt (the root records it as an event). */
    public void onReload(Consumer<Reload> listener) {
        this.reloads = listener;
    }

    /** The certificate presented to new handshakes now. */
    public CertifiedKey current() {
        return current.key();
    }

    /** Whether the certificate is the operator's (files) rather than Phonehome's own. */
    public boolean fromFiles() {
        return files != null;
    }

    public KeyManager[] asKeyManagers() {
        return new KeyManager[] {this};
    }

    /** The key managers for a BoringSSL (Conscrypt) context: see {@link BoringSslView}. */
    public KeyManager[] asBoringSslKeyManagers() {
        return new KeyManager[] {boringSslView};
    }

    /** Presents {@code key} to new handshakes from now on (a renewed ACME certificate). */
    public void install(CertifiedKey key) {
        Generation next = generation(key);
        synchronized (this) {
            previous = current;
            current = next;
        }
    }

    /**
     * From now on, a handshake for {@code host} that negotiates ALPN {@code acme-tls/1} (the ACME
     * server validating tls-alpn-01) gets {@code challenge}; every other handshake is unchanged.
     */
    public void offerAlpnChallenge(String host, CertifiedKey challenge) {
        alpnChallenges.put(host.toLowerCase(Locale.ROOT), generation(challenge));
    }

    /** The order is over: the host's challenge certificate is presented no more. */
    public void withdrawAlpnChallenge(String host) {
        alpnChallenges.remove(host.toLowerCase(Locale.ROOT));
    }

    /**
     * The server engines' ALPN choice: {@code acme-tls/1} when a client offers it while a challenge
     * is open (RFC 8737 wants only that protocol then), else none ("": the JDK treats null as a
     * fatal error). Phones do not offer it, so their handshakes are as before.
     */
    String applicationProtocol(SSLEngine engine, List<String> offered) {
        return !alpnChallenges.isEmpty() && offered.contains(ACME_TLS_1) ? ACME_TLS_1 : "";
    }

    /** The open challenge for the host name the ACME server asked for (SNI), when it negotiated acme-tls/1. */
    private Generation alpnChallenge(SSLEngine engine) {
        if (engine == null || alpnChallenges.isEmpty() || !ACME_TLS_1.equals(engine.getHandshakeApplicationProtocol())) {
            return null;
        }
        SSLSession session = engine.getHandshakeSession();
        if (!(session instanceof ExtendedSSLSession ext)) {
            return null;
        }
        for (SNIServerName name : ext.getRequestedServerNames()) {
            if (name instanceof SNIHostName host) {
                return alpnChallenges.get(host.getAsciiName().toLowerCase(Locale.ROOT));
            }
        }
        return null;
    }

    /** Re-reads the files if they changed since the last look, whatever the check interval. */
    public synchronized void checkNow() {
        if (files == null) {
            return;
        }
        nextCheck = clock.millis() + checkMillis;
        CertificateFiles.Stamp stamp = files.stamp();
        if (stamp.equals(lastStamp)) {
            return;
        }
        lastStamp = stamp; // a refused pair is not retried until it changes again
        Reload outcome;
        try {
            CertifiedKey loaded = files.load(clock.instant());
            Generation next = generation(loaded);
            previous = current;
            current = next;
            outcome = new Reload(true, "serving " + loaded.leaf().getSubjectX500Principal() + " from " + files.certificate()
                    + ", expires " + loaded.notAfter());
            log.info("TLS certificate reloaded: {}", outcome.detail());
        } catch (PkiException | IllegalStateException e) {
            outcome = new Reload(false, e.getMessage() + "; still serving " + current.key().leaf().getSubjectX500Principal());
            log.warn("TLS certificate files changed but were refused: {}", outcome.detail());
        }
        try {
            reloads.accept(outcome);
        } catch (RuntimeException e) {
            log.warn("could not report a TLS certificate reload: {}", e.toString());
        }
    }

    private void maybeCheck() {
        if (files != null && clock.millis() >= nextCheck) {
            checkNow();
        }
    }

    private static Generation generation(CertifiedKey key) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("server", key.key(), EPHEMERAL, key.chain().toArray(new X509Certificate[0]));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, EPHEMERAL);
            for (KeyManager km : kmf.getKeyManagers()) {
                if (km instanceof X509ExtendedKeyManager x) {
                    return new Generation(GENERATIONS.incrementAndGet(), key, x);
                }
            }
            throw new PkiException("no X.509 key manager in this Java runtime");
        } catch (GeneralSecurityException | IOException e) {
            throw new PkiException("cannot use the certificate " + key.leaf().getSubjectX500Principal() + ": " + e.getMessage(), e);
        }
    }

    private Generation byAlias(String alias) {
        if (alias == null) {
            return null;
        }
        int slash = alias.indexOf('/');
        if (slash < 0) {
            return null;
        }
        long id;
        try {
            id = Long.parseLong(alias.substring(0, slash));
        } catch (NumberFormatException e) {
            return null;
        }
        Generation c = current;
        if (c.id() == id) {
            return c;
        }
        Generation p = previous;
        if (p.id() == id) {
            return p;
        }
        for (Generation challenge : alpnChallenges.values()) {
            if (challenge.id() == id) {
                return challenge;
            }
        }
        return null;
    }

    private static String inner(String alias) {
        return alias.substring(alias.indexOf('/') + 1);
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        maybeCheck();
        Generation g = current;
        return g.alias(g.delegate().chooseServerAlias(keyType, issuers, socket));
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        Generation challenge = alpnChallenge(engine);
        if (challenge != null) {
            return challenge.alias(challenge.delegate().chooseEngineServerAlias(keyType, issuers, engine));
        }
        maybeCheck();
        Generation g = current;
        return g.alias(g.delegate().chooseEngineServerAlias(keyType, issuers, engine));
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        Generation g = current;
        String[] inner = g.delegate().getServerAliases(keyType, issuers);
        if (inner == null) {
            return null;
        }
        String[] out = new String[inner.length];
        for (int i = 0; i < inner.length; i++) {
            out[i] = g.alias(inner[i]);
        }
        return out;
    }

    // SIP over TLS may also be a client (a connection Phonehome opens to a phone); it presents the same certificate.
    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
        Generation g = current;
        return g.alias(g.delegate().chooseClientAlias(keyTypes, issuers, socket));
    }

    @Override
    public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
        Generation g = current;
        return g.alias(g.delegate().chooseEngineClientAlias(keyTypes, issuers, engine));
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return getServerAliases(keyType, issuers);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        Generation g = byAlias(alias);
        return g == null ? null : g.delegate().getCertificateChain(inner(alias));
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        Generation g = byAlias(alias);
        return g == null ? null : g.delegate().getPrivateKey(inner(alias));
    }

    /**
     * This key manager as BoringSSL contexts see it: the same aliases and chains, and the key
     * converted once into BoringSSL's own ({@link Generation#boringSslKey}). The JDK's contexts
     * (SIP-TLS) use this key manager itself and get the key as loaded.
     */
    private final class BoringSslView extends X509ExtendedKeyManager {
        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return ServerKeys.this.chooseServerAlias(keyType, issuers, socket);
        }

        @Override
        public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
            return ServerKeys.this.chooseEngineServerAlias(keyType, issuers, engine);
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return ServerKeys.this.getServerAliases(keyType, issuers);
        }

        @Override
        public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
            return ServerKeys.this.chooseClientAlias(keyTypes, issuers, socket);
        }

        @Override
        public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
            return ServerKeys.this.chooseEngineClientAlias(keyTypes, issuers, engine);
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return ServerKeys.this.getClientAliases(keyType, issuers);
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return ServerKeys.this.getCertificateChain(alias);
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            Generation g = byAlias(alias);
            return g == null ? null : g.boringSslKey(inner(alias));
        }
    }
}
