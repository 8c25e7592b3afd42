package io.phonehome.pki;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.List;

/**
 * The operator's own server certificate: a PEM chain (leaf first, intermediates after) and its
 * private key (PKCS#8 or traditional PEM), in two files Phonehome only ever reads.
 */
public record CertificateFiles(Path certificate, Path key) {
    /** The default place in the data directory: {@code <data_dir>/tls/certificate.pem} and {@code key.pem}. */
    public static CertificateFiles inDataDir(Path dataDir) {
        Path tls = dataDir.resolve("tls");
        return new CertificateFiles(tls.resolve("certificate.pem"), tls.resolve("key.pem"));
    }

    public boolean certificateExists() {
        return Files.exists(certificate);
    }

    /** Reads and checks both files; a {@link PkiException} names the file and the reason. */
    public CertifiedKey load(Instant now) {
        List<java.security.cert.X509Certificate> chain;
        try {
            chain = Pem.readCertificates(certificate);
        } catch (PkiException e) {
            throw new PkiException(certificate + ": not a readable PEM certificate chain (" + rootMessage(e) + ")", e);
        }
        if (chain.isEmpty()) {
            throw new PkiException(certificate + ": no PEM certificate (-----BEGIN CERTIFICATE-----) in the file");
        }
        java.security.PrivateKey pk;
        try {
            pk = Pem.readPrivateKey(key);
        } catch (PkiException | ClassCastException e) {
            throw new PkiException(key + ": not a readable PEM private key (" + rootMessage(e) + ")", e);
        }
        return CertifiedKey.checked(chain, pk, certificate + " with " + key, now);
    }

    /**
     * What changes when either file is replaced or rewritten: modification time, size and file
     * identity (a file moved into place is a new inode) of both; one stat each, cheap enough for a
     * handshake.
     */
    Stamp stamp() {
        return new Stamp(stamp(certificate), stamp(key));
    }

    record Stamp(String certificate, String key) {
    }

    private static String stamp(Path p) {
        try {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
            return a.lastModifiedTime().toMillis() + "/" + a.size() + "/" + a.fileKey();
        } catch (IOException e) {
            return "missing";
        }
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
    }
}
