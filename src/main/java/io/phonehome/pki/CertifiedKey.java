package io.phonehome.pki;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/**
 * A server certificate chain (leaf first) and the private key of its leaf, checked to belong
 * together and to be valid now. What every TLS listener presents; the key never appears in
 * {@link #toString()}.
 */
public record CertifiedKey(List<X509Certificate> chain, PrivateKey key) {
    private static final SecureRandom RANDOM = new SecureRandom();

    public CertifiedKey {
        chain = List.copyOf(chain);
    }

    /**
     * The chain and key, or a {@link PkiException} whose message names {@code where} and the reason:
     * no certificate, a key that does not sign for the leaf's public key, a leaf expired or not yet
     * valid at {@code now}.
     */
    public static CertifiedKey checked(List<X509Certificate> chain, PrivateKey key, String where, Instant now) {
        if (chain.isEmpty()) {
            throw new PkiException(where + ": no certificate found");
        }
        X509Certificate leaf = chain.get(0);
        if (!signsFor(key, leaf)) {
            throw new PkiException(where + ": the private key does not match the certificate " + leaf.getSubjectX500Principal()
                    + " (the first certificate of the chain must be the server's own)");
        }
        if (leaf.getNotAfter().toInstant().isBefore(now)) {
            throw new PkiException(where + ": the certificate " + leaf.getSubjectX500Principal() + " expired on "
                    + leaf.getNotAfter().toInstant());
        }
        if (leaf.getNotBefore().toInstant().isAfter(now)) {
            throw new PkiException(where + ": the certificate " + leaf.getSubjectX500Principal() + " is not valid before "
                    + leaf.getNotBefore().toInstant());
        }
        return new CertifiedKey(chain, key);
    }

    /** Whether {@code key} is the private half of the leaf's public key: a signature made with it verifies. */
    private static boolean signsFor(PrivateKey key, X509Certificate leaf) {
        String alg = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> null;
        };
        if (alg == null || !key.getAlgorithm().equals(leaf.getPublicKey().getAlgorithm())) {
            return false;
        }
        byte[] probe = new byte[32];
        RANDOM.nextBytes(probe);
        try {
            Signature s = Signature.getInstance(alg);
            s.initSign(key);
            s.update(probe);
            byte[] sig = s.sign();
            Signature v = Signature.getInstance(alg);
            v.initVerify(leaf.getPublicKey());
            v.update(probe);
            return v.verify(sig);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    public X509Certificate leaf() {
        return chain.get(0);
    }

    public Instant notAfter() {
        return leaf().getNotAfter().toInstant();
    }

    @Override
    public String toString() {
        return "CertifiedKey[" + leaf().getSubjectX500Principal() + ", key=****]";
    }
}
