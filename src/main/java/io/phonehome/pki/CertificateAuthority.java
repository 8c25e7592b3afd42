package io.phonehome.pki;

import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Phonehome's own certificate authority, kept in {@code <data_dir>/pki}. On first start it
 * creates the CA and a server certificate for HTTPS and SIP-TLS; later starts load them and
 * re-issue the server certificate when a host name was added or it is close to expiry. The CA
 * certificate is what installers push to phones as trusted; the CA can also issue device
 * (client) certificates whose subject carries the MAC.
 */
public final class CertificateAuthority {
    private static final Logger log = LoggerFactory.getLogger(CertificateAuthority.class);
    private static final Duration CA_VALIDITY = Duration.ofDays(20 * 365);
    /** 825 days: the longest validity many TLS clients still accept for a server certificate. */
    private static final Duration SERVER_VALIDITY = Duration.ofDays(825);
    private static final Duration DEVICE_VALIDITY = Duration.ofDays(10 * 365);
    private static final Duration RENEW_BEFORE = Duration.ofDays(30);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String keyType;
    private final X509Certificate caCertificate;
    private final PrivateKey caKey;
    private final List<X509Certificate> serverChain;
    private final PrivateKey serverKey;
    private final ServerKeys serverKeys;

    private CertificateAuthority(String keyType, X509Certificate caCertificate, PrivateKey caKey,
                                 List<X509Certificate> serverChain, PrivateKey serverKey, ServerKeys serverKeys) {
        this.keyType = keyType;
        this.caCertificate = caCertificate;
        this.caKey = caKey;
        this.serverChain = List.copyOf(serverChain);
        this.serverKey = serverKey;
        this.serverKeys = serverKeys != null ? serverKeys : ServerKeys.fixed(new CertifiedKey(serverChain, serverKey));
    }

    /**
     * This CA, with its listeners presenting {@code operatorKeys} (the operator's own certificate)
     * instead of the server certificate it issued. The issued one stays in {@code <dir>/server.pem}
     * and still keys what is derived from it ({@link #serverKey()}).
     */
    public CertificateAuthority servingWith(ServerKeys operatorKeys) {
        return new CertificateAuthority(keyType, caCertificate, caKey, serverChain, serverKey, operatorKeys);
    }

    /** The certificate every TLS listener presents: the issued one, or the operator's (see {@link #servingWith}). */
    public ServerKeys serverKeys() {
        return serverKeys;
    }

    /**
     * Loads the CA and server certificate from {@code dir}, creating what is missing.
     *
     * @param keyType   {@code ec} (P-256, the default) or {@code rsa} (2048 bit, for old phones)
     * @param hostnames extra DNS names or IP literals the server certificate must carry
     */
    public static CertificateAuthority loadOrCreate(Path dir, String keyType, Collection<String> hostnames) {
        Path caCert = dir.resolve("ca.pem");
        Path caKeyFile = dir.resolve("ca-key.pem");
        Path serverCert = dir.resolve("server.pem");
        Path serverKeyFile = dir.resolve("server-key.pem");
        try {
            Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new PkiException("cannot create " + dir, e);
        }

        X509Certificate ca;
        PrivateKey caKey;
        if (Files.exists(caCert) && Files.exists(caKeyFile)) {
            ca = Pem.readCertificates(caCert).get(0);
            caKey = Pem.readPrivateKey(caKeyFile);
        } else {
            KeyPair kp = generateKeyPair(keyType);
            ca = selfSignedCa(kp, keyType);
            caKey = kp.getPrivate();
            Pem.writePrivateKey(caKeyFile, caKey);
            Pem.writeCertificates(caCert, List.of(ca));
            log.info("created a new certificate authority in {} ({})", dir, ca.getSubjectX500Principal());
        }

        Set<String> names = serverNames(hostnames);
        List<X509Certificate> chain = null;
        PrivateKey serverKey = null;
        if (Files.exists(serverCert) && Files.exists(serverKeyFile)) {
            chain = Pem.readCertificates(serverCert);
            serverKey = Pem.readPrivateKey(serverKeyFile);
            if (!stillGood(chain, ca, names)) {
                chain = null;
            }
        }
        if (chain == null) {
            KeyPair kp = generateKeyPair(keyType);
            X509Certificate cert = issue(ca, caKey, kp.getPublic(), serverSubject(), names, SERVER_VALIDITY, false, keyType);
            chain = List.of(cert, ca);
            serverKey = kp.getPrivate();
            Pem.writePrivateKey(serverKeyFile, serverKey);
            Pem.writeCertificates(serverCert, chain);
            log.info("issued a server certificate for {}", names);
        }
        return new CertificateAuthority(keyType, ca, caKey, chain, serverKey, null);
    }

    private static boolean stillGood(List<X509Certificate> chain, X509Certificate ca, Set<String> names) {
        if (chain.isEmpty()) {
            return false;
        }
        X509Certificate cert = chain.get(0);
        try {
            cert.verify(ca.getPublicKey());
        } catch (GeneralSecurityException e) {
            return false; // CA was replaced
        }
        if (cert.getNotAfter().toInstant().isBefore(Instant.now().plus(RENEW_BEFORE))) {
            return false;
        }
        Set<String> present = new LinkedHashSet<>();
        try {
            Collection<List<?>> sans = cert.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    present.add(String.valueOf(san.get(1)).toLowerCase());
                }
            }
        } catch (CertificateParsingException e) {
            return false;
        }
        for (String n : names) {
            if (!present.contains(n.toLowerCase()) && !present.contains(normaliseIp(n))) {
                return false;
            }
        }
        return true;
    }

    private static String normaliseIp(String n) {
        try {
            if (isIpLiteral(n)) {
                return InetAddress.getByName(n).getHostAddress().toLowerCase();
            }
        } catch (java.net.UnknownHostException e) {
            // not an address
        }
        return n.toLowerCase();
    }

    private static Set<String> serverNames(Collection<String> extra) {
        Set<String> names = new LinkedHashSet<>();
        names.add("localhost");
        names.add("127.0.0.1");
        names.add("::1");
        try {
            String host = InetAddress.getLocalHost().getHostName();
            if (host != null && !host.isBlank()) {
                names.add(host);
            }
        } catch (java.net.UnknownHostException e) {
            // no resolvable host name on this machine; the others still work
        }
        for (String e : extra) {
            if (e != null && !e.isBlank()) {
                names.add(e.trim());
            }
        }
        return names;
    }

    static KeyPair generateKeyPair(String keyType) {
        try {
            if ("rsa".equals(keyType)) {
                KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
                g.initialize(2048, RANDOM);
                return g.generateKeyPair();
            }
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new PkiException("cannot generate a " + keyType + " key pair", e);
        }
    }

    private static X500Name serverSubject() {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "Phonehome").addRDN(BCStyle.CN, "Phonehome server").build();
    }

    private static X509Certificate selfSignedCa(KeyPair kp, String keyType) {
        X500Name name = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, "Phonehome")
                .addRDN(BCStyle.CN, "Phonehome CA " + Long.toHexString(RANDOM.nextLong() & 0xffffffL))
                .build();
        Instant now = Instant.now();
        try {
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, serial(), Date.from(now.minus(Duration.ofHours(1))),
                    Date.from(now.plus(CA_VALIDITY)), name, kp.getPublic());
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(kp.getPublic()));
            return sign(b, kp.getPrivate(), keyType);
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new PkiException("cannot create the CA certificate", e);
        }
    }

    private static X509Certificate issue(X509Certificate ca, PrivateKey caKey, PublicKey subjectKey, X500Name subject,
                                         Collection<String> names, Duration validity, boolean client, String keyType) {
        Instant now = Instant.now();
        try {
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(ca, serial(), Date.from(now.minus(Duration.ofHours(1))),
                    Date.from(now.plus(validity)), subject, subjectKey);
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            b.addExtension(Extension.extendedKeyUsage, false, client
                    ? new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth)
                    : new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(subjectKey));
            b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(ca));
            if (!names.isEmpty()) {
                List<GeneralName> gn = new ArrayList<>();
                for (String n : names) {
                    gn.add(isIpLiteral(n) ? new GeneralName(GeneralName.iPAddress, n) : new GeneralName(GeneralName.dNSName, n));
                }
                b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(gn.toArray(new GeneralName[0])));
            }
            return sign(b, caKey, keyType);
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new PkiException("cannot issue a certificate for " + subject, e);
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey key, String keyType) throws GeneralSecurityException {
        String alg = key.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
        try {
            ContentSigner signer = new JcaContentSignerBuilder(alg).build(key);
            return new JcaX509CertificateConverter().getCertificate(b.build(signer));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("cannot sign with " + alg + " (" + keyType + ")", e);
        }
    }

    static boolean isIpLiteral(String n) {
        return n.matches("[0-9.]+") || n.contains(":");
    }

    private static BigInteger serial() {
        return new BigInteger(127, RANDOM).add(BigInteger.ONE);
    }

    /**
     * Issues a client certificate for a device: subject CN is the MAC (12 lower-case hex digits),
     * so {@link ClientCertificates} can tie a TLS connection to one inventory entry.
     */
    public DeviceCredentials issueDeviceCertificate(String mac) {
        KeyPair kp = generateKeyPair(keyType);
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "Phonehome device").addRDN(BCStyle.CN, mac).build();
        X509Certificate cert = issue(caCertificate, caKey, kp.getPublic(), subject, List.of(), DEVICE_VALIDITY, true, keyType);
        return new DeviceCredentials(cert, kp.getPrivate());
    }

    /** A device certificate and its key; the key never appears in {@link #toString()}. */
    public record DeviceCredentials(X509Certificate certificate, PrivateKey privateKey) {
        @Override
        public String toString() {
            return "DeviceCredentials[" + certificate.getSubjectX500Principal() + ", key=****]";
        }
    }

    public X509Certificate caCertificate() {
        return caCertificate;
    }

    public String caCertificatePem() {
        return Pem.encode(caCertificate);
    }

    public List<X509Certificate> serverChain() {
        return serverChain;
    }

    public PrivateKey serverKey() {
        return serverKey;
    }

    @Override
    public String toString() {
        return "CertificateAuthority[" + caCertificate.getSubjectX500Principal() + "]";
    }
}
