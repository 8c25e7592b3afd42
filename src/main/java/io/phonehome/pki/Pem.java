package io.phonehome.pki;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;

/** Reading and writing PEM files; private keys are written owner-only. */
public final class Pem {
    private Pem() {
    }

    public static String encode(Object... objects) {
        StringWriter sw = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
            for (Object o : objects) {
                w.writeObject(o);
            }
        } catch (IOException e) {
            throw new PkiException("cannot encode PEM", e);
        }
        return sw.toString();
    }

    public static void writeCertificates(Path file, List<X509Certificate> chain) {
        write(file, encode(chain.toArray()), false);
    }

    /** Writes PKCS#8 ("BEGIN PRIVATE KEY"), which OpenSSL-based tools (nginx, kamailio) and Java alike read. */
    public static void writePrivateKey(Path file, PrivateKey key) {
        try {
            write(file, encode(new JcaPKCS8Generator(key, null).generate()), true);
        } catch (org.bouncycastle.util.io.pem.PemGenerationException e) {
            throw new PkiException("cannot encode a private key", e);
        }
    }

    private static void write(Path file, String text, boolean secret) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            Files.createFile(tmp);
            if (secret) {
                restrict(tmp);
            }
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.US_ASCII)) {
                w.write(text);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new PkiException("cannot write " + file, e);
        }
    }

    static void restrict(Path file) {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException | IOException e) {
            // non-POSIX file system: nothing better to do
        }
    }

    public static List<X509Certificate> readCertificates(Path file) {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII)) {
            return readCertificates(r, file.toString());
        } catch (IOException e) {
            throw new PkiException("cannot read certificates from " + file, e);
        }
    }

    public static List<X509Certificate> readCertificates(Reader reader, String what) {
        List<X509Certificate> out = new ArrayList<>();
        JcaX509CertificateConverter conv = new JcaX509CertificateConverter();
        try (PEMParser p = new PEMParser(reader)) {
            Object o;
            while ((o = p.readObject()) != null) {
                if (o instanceof X509CertificateHolder h) {
                    out.add(conv.getCertificate(h));
                }
            }
        } catch (IOException | CertificateException e) {
            throw new PkiException("cannot parse certificates in " + what, e);
        }
        return out;
    }

    /** Writes a key pair as two files: the private key (PKCS#8, owner-only) and {@code <file>.pub} (its public key). */
    public static void writeKeyPair(Path file, java.security.KeyPair pair) {
        write(file.resolveSibling(file.getFileName() + ".pub"), encode(pair.getPublic()), false);
        writePrivateKey(file, pair.getPrivate());
    }

    /** A key pair written by {@link #writeKeyPair}. */
    public static java.security.KeyPair readKeyPair(Path file) {
        Path pub = file.resolveSibling(file.getFileName() + ".pub");
        try (Reader r = Files.newBufferedReader(pub, StandardCharsets.US_ASCII); PEMParser p = new PEMParser(r)) {
            if (p.readObject() instanceof org.bouncycastle.asn1.x509.SubjectPublicKeyInfo info) {
                return new java.security.KeyPair(new JcaPEMKeyConverter().getPublicKey(info), readPrivateKey(file));
            }
            throw new PkiException("no public key in " + pub);
        } catch (IOException e) {
            throw new PkiException("cannot read a key pair from " + file + " and " + pub, e);
        }
    }

    public static PrivateKey readPrivateKey(Path file) {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser p = new PEMParser(r)) {
            Object o = p.readObject();
            JcaPEMKeyConverter conv = new JcaPEMKeyConverter();
            if (o instanceof PEMKeyPair kp) {
                return conv.getPrivateKey(kp.getPrivateKeyInfo());
            }
            if (o instanceof PrivateKeyInfo info) {
                return conv.getPrivateKey(info);
            }
            throw new PkiException("no private key in " + file);
        } catch (IOException e) {
            throw new PkiException("cannot read private key from " + file, e);
        }
    }
}
