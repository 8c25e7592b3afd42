package io.phonehome.testing;

import io.phonehome.pki.Pem;
import java.math.BigInteger;
import java.net.Socket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * An outside CA for tests of the operator's own certificate (a stand-in for a public CA): it
 * issues server certificates with a chosen subject and validity, written as PEM files the way an
 * operator would drop them in, and a client that trusts only it and says what the server presented.
 */
public final class TestCertificates {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final KeyPair caKeys;
    private final X509Certificate ca;

    public TestCertificates() {
        this.caKeys = ecKeys();
        Instant now = Instant.now();
        this.ca = sign(new JcaX509v3CertificateBuilder(new X500Name("CN=Test Public CA"), serial(), Date.from(now.minus(Duration.ofDays(1))),
                Date.from(now.plus(Duration.ofDays(3650))), new X500Name("CN=Test Public CA"), caKeys.getPublic()), true);
    }

    public X509Certificate ca() {
        return ca;
    }

    /** A server certificate and its key. */
    public record Issued(X509Certificate certificate, KeyPair keys, X509Certificate issuer) {
        /** Writes the chain (leaf, CA) and the key as PEM, replacing the files' content in place. */
        public void writeTo(Path certificateFile, Path keyFile) {
            Pem.writeCertificates(certificateFile, List.of(certificate, issuer));
            Pem.writePrivateKey(keyFile, keys.getPrivate());
        }
    }

    /** A server certificate for 127.0.0.1 named {@code CN=<commonName>}, valid from {@code notBefore} to {@code notAfter}. */
    public Issued issue(String commonName, Instant notBefore, Instant notAfter) {
        KeyPair kp = ecKeys();
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(ca, serial(), Date.from(notBefore), Date.from(notAfter),
                new X500Name("CN=" + commonName), kp.getPublic());
        try {
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                    new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")}));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return new Issued(sign(b, false), kp, ca);
    }

    /** A certificate valid from yesterday for {@code days} days. */
    public Issued issue(String commonName, int days) {
        Instant now = Instant.now();
        return issue(commonName, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(days)));
    }

    /** A client context trusting only this CA. */
    public SSLContext client() {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", ca);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The subject of the certificate a TLS server on 127.0.0.1:{@code port} presents to a new
     * connection (a fresh context each time, so no session is resumed), verified against this CA.
     */
    public String presentedSubject(int port) {
        try (Socket plain = new Socket("127.0.0.1", port);
             SSLSocket s = (SSLSocket) client().getSocketFactory().createSocket(plain, "127.0.0.1", port, true)) {
            s.setSoTimeout(20_000);
            s.startHandshake();
            return ((X509Certificate) s.getSession().getPeerCertificates()[0]).getSubjectX500Principal().getName();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static KeyPair ecKeys() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private X509Certificate sign(JcaX509v3CertificateBuilder b, boolean isCa) {
        try {
            if (isCa) {
                b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            }
            return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKeys.getPrivate())));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static BigInteger serial() {
        return new BigInteger(100, RANDOM).add(BigInteger.ONE);
    }
}
