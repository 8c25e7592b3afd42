package io.phonehome.pki;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import org.shredzone.acme4j.Account;
import org.shredzone.acme4j.AccountBuilder;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Http01Challenge;
import org.shredzone.acme4j.challenge.TlsAlpn01Challenge;
import org.shredzone.acme4j.connector.HttpConnector;
import org.shredzone.acme4j.connector.NetworkSettings;
import org.shredzone.acme4j.exception.AcmeException;
import org.shredzone.acme4j.provider.AbstractAcmeProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Obtains a certificate for one host name from an ACME server (RFC 8555) with the HTTP-01
 * challenge, or with TLS-ALPN-01 (RFC 8737) on the phone HTTPS listener itself: the account key and the issued chain and key live in {@code dir}
 * ({@code account-key.pem}, {@code certificate.pem}, {@code key.pem}); during an order the answers
 * to the server's challenges are served at {@code http://<host>:<httpPort>/.well-known/acme-challenge/}
 * by a small listener that exists only for that time (the port the operator opens to the ACME
 * server, 80 in production). With TLS-ALPN-01 nothing else listens: for the order's duration the
 * listeners' {@link ServerKeys} present the challenge certificate to handshakes that negotiate
 * ALPN {@code acme-tls/1} for the host (the ACME server's, on port 443 in production).
 */
public final class AcmeIssuer {
    private static final Logger log = LoggerFactory.getLogger(AcmeIssuer.class);
    private static final Duration WAIT = Duration.ofSeconds(90);

    /** Where to order from and how. {@code trust}: CAs the ACME server's own HTTPS is checked against, null for the JDK's. */
    public record Options(URI directory, SSLContext trust, String email, String host, String bind, int httpPort, Path dir, boolean tlsAlpn) {
        /** With the http-01 challenge. */
        public Options(URI directory, SSLContext trust, String email, String host, String bind, int httpPort, Path dir) {
            this(directory, trust, email, host, bind, httpPort, dir, false);
        }

        String challengeType() {
            return tlsAlpn ? TlsAlpn01Challenge.TYPE : Http01Challenge.TYPE;
        }
    }

    private final Options options;

    public AcmeIssuer(Options options) {
        this.options = options;
    }

    /** The certificate stored by an earlier order, checked, if there is one. */
    public java.util.Optional<CertifiedKey> stored(Instant now) {
        CertificateFiles files = files();
        if (!files.certificateExists()) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(files.load(now));
        } catch (PkiException e) {
            log.warn("ACME: the stored certificate is not usable ({}); a new one will be ordered", e.getMessage());
            return java.util.Optional.empty();
        }
    }

    public CertificateFiles files() {
        return new CertificateFiles(options.dir().resolve("certificate.pem"), options.dir().resolve("key.pem"));
    }

    /** Whether the challenge is answered on the listeners themselves (tls-alpn-01): the first order must wait for them. */
    public boolean answersOnTheListeners() {
        return options.tlsAlpn();
    }

    /**
     * Orders a new certificate for the host, stores it and returns it; a {@link PkiException}
     * saying what the ACME server or the challenge answered when that fails. {@code presenting}:
     * the listeners' keys, which answer a tls-alpn-01 challenge.
     */
    public CertifiedKey order(ServerKeys presenting) {
        Map<String, String> answers = new ConcurrentHashMap<>();
        HttpServer challenges = options.tlsAlpn() ? null : startChallengeListener(answers);
        try {
            Session session = new Session(options.directory(), new TrustingProvider(options.directory(), options.trust()));
            AccountBuilder ab = new AccountBuilder().agreeToTermsOfService().useKeyPair(accountKey());
            if (options.email() != null && !options.email().isBlank()) {
                ab.addEmail(options.email());
            }
            Account account = ab.create(session);
            Order order = account.newOrder().domain(options.host()).create();
            for (Authorization auth : order.getAuthorizations()) {
                if (auth.getStatus() == Status.VALID) {
                    continue;
                }
                String domain = auth.getIdentifier().getDomain();
                org.shredzone.acme4j.challenge.Challenge challenge = auth.findChallenge(options.challengeType()).orElseThrow(
                        () -> new PkiException("ACME: the server offers no " + options.challengeType() + " challenge for " + domain));
                if (challenge instanceof TlsAlpn01Challenge alpn) {
                    // RSA: acme4j signs the challenge certificate with SHA256withRSA whatever the key
                    KeyPair challengeKey = CertificateAuthority.generateKeyPair("rsa");
                    presenting.offerAlpnChallenge(domain, new CertifiedKey(List.of(alpn.createCertificate(challengeKey, auth.getIdentifier())),
                            challengeKey.getPrivate()));
                } else if (challenge instanceof Http01Challenge http) {
                    answers.put(http.getToken(), http.getAuthorization());
                }
                Status s;
                try {
                    challenge.trigger();
                    s = auth.waitForCompletion(WAIT);
                } finally {
                    presenting.withdrawAlpnChallenge(domain);
                }
                if (s != Status.VALID) {
                    throw new PkiException("ACME: the " + options.challengeType() + " challenge for " + domain + " ended " + s
                            + challenge.getError().map(p -> " (" + p + ")").orElse("") + "; is "
                            + (options.tlsAlpn() ? "the phone HTTPS port (443 for the ACME server)" : "port " + options.httpPort())
                            + " reachable from the ACME server?");
                }
            }
            KeyPair domainKey = CertificateAuthority.generateKeyPair("ec");
            order.waitUntilReady(WAIT);
            order.execute(domainKey);
            Status done = order.waitForCompletion(WAIT);
            if (done != Status.VALID) {
                throw new PkiException("ACME: the order for " + options.host() + " ended " + done + order.getError().map(p -> " (" + p + ")").orElse(""));
            }
            List<X509Certificate> chain = order.getCertificate().getCertificateChain();
            CertifiedKey issued = CertifiedKey.checked(chain, domainKey.getPrivate(), "ACME certificate for " + options.host(), Instant.now());
            // key first: a reader that sees the new chain finds its key already there
            Pem.writePrivateKey(files().key(), domainKey.getPrivate());
            Pem.writeCertificates(files().certificate(), chain);
            log.info("ACME: obtained a certificate for {} from {}, expires {}", options.host(), options.directory(), issued.notAfter());
            return issued;
        } catch (AcmeException e) {
            throw new PkiException("ACME: " + options.directory() + " refused the order for " + options.host() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PkiException("ACME: interrupted while ordering a certificate for " + options.host(), e);
        } finally {
            if (challenges != null) {
                challenges.stop(0);
            }
        }
    }

    /** The ACME account's key, created on first use and kept owner-only. */
    private KeyPair accountKey() {
        Path file = options.dir().resolve("account-key.pem");
        if (Files.exists(file)) {
            return Pem.readKeyPair(file);
        }
        KeyPair kp = CertificateAuthority.generateKeyPair("ec");
        Pem.writeKeyPair(file, kp);
        return kp;
    }

    private HttpServer startChallengeListener(Map<String, String> answers) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(options.bind(), options.httpPort()), 16);
            String prefix = "/.well-known/acme-challenge/";
            server.createContext(prefix, exchange -> {
                try (exchange) {
                    String token = exchange.getRequestURI().getPath().substring(prefix.length());
                    String answer = answers.get(token);
                    byte[] body = (answer == null ? "" : answer).getBytes(StandardCharsets.US_ASCII);
                    exchange.getResponseHeaders().set("Content-Type", "text/plain");
                    exchange.sendResponseHeaders(answer == null ? 404 : 200, answer == null ? -1 : body.length);
                    if (answer != null) {
                        try (OutputStream out = exchange.getResponseBody()) {
                            out.write(body);
                        }
                    }
                }
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new PkiException("ACME: cannot listen on " + options.bind() + ":" + options.httpPort() + " for the http-01 challenge: "
                    + e.getMessage(), e);
        }
    }

    /** Any ACME server by its directory URL, its HTTPS checked against the given CAs (a private ACME CA) or the JDK's. */
    private static final class TrustingProvider extends AbstractAcmeProvider {
        private final URI directory;
        private final SSLContext trust;

        TrustingProvider(URI directory, SSLContext trust) {
            this.directory = directory;
            this.trust = trust;
        }

        @Override
        public boolean accepts(URI serverUri) {
            return serverUri.equals(directory);
        }

        @Override
        public URL resolve(URI serverUri) {
            try {
                return serverUri.toURL();
            } catch (java.net.MalformedURLException e) {
                throw new IllegalArgumentException("not an ACME directory URL: " + serverUri, e);
            }
        }

        @Override
        protected HttpConnector createHttpConnector(NetworkSettings settings) {
            return new HttpConnector(settings) {
                @Override
                public HttpClient.Builder createClientBuilder() {
                    HttpClient.Builder b = super.createClientBuilder();
                    return trust == null ? b : b.sslContext(trust);
                }
            };
        }
    }
}
