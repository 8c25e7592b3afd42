package io.phonehome.pki;

import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether a client certificate chain presented on a TLS connection proves a device:
 * the chain must validate against Phonehome's CA or one of the vendor CAs an installer placed
 * in the device CA directory, and the MAC it names (in the CN or a subject alternative name, in
 * any usual spelling) is what it proves.
 */
public final class ClientCertificates {
    private static final Logger log = LoggerFactory.getLogger(ClientCertificates.class);
    private static final Pattern MAC = Pattern.compile("(?i)(?<![0-9a-f])([0-9a-f]{2}(?:[:-]?[0-9a-f]{2}){5})(?![0-9a-f])");

    private final Set<TrustAnchor> anchors;

    public ClientCertificates(Collection<X509Certificate> trusted) {
        Set<TrustAnchor> a = new HashSet<>();
        for (X509Certificate c : trusted) {
            a.add(new TrustAnchor(c, null));
        }
        this.anchors = Set.copyOf(a);
    }

    /** Phonehome's CA plus every certificate in the PEM files of {@code deviceCaDir} (if it exists). */
    public static ClientCertificates load(X509Certificate phonehomeCa, Path deviceCaDir) {
        List<X509Certificate> trusted = new ArrayList<>();
        trusted.add(phonehomeCa);
        if (deviceCaDir != null && Files.isDirectory(deviceCaDir)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(deviceCaDir, "*.{pem,crt}")) {
                for (Path p : ds) {
                    List<X509Certificate> certs = Pem.readCertificates(p);
                    trusted.addAll(certs);
                    log.info("trusting {} device CA certificate(s) from {}", certs.size(), p);
                }
            } catch (java.io.IOException e) {
                throw new PkiException("cannot read device CAs in " + deviceCaDir, e);
            }
        }
        return new ClientCertificates(trusted);
    }

    /**
     * The MACs (12 lower-case hex digits) a valid chain vouches for; empty when the chain does
     * not validate or names no MAC.
     */
    public Set<String> provenMacs(X509Certificate[] chain) {
        if (chain == null || chain.length == 0) {
            return Set.of();
        }
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            PKIXParameters params = new PKIXParameters(anchors);
            params.setRevocationEnabled(false);
            // The anchor itself must not be part of the path handed to the validator.
            List<X509Certificate> path = new ArrayList<>(Arrays.asList(chain));
            path.removeIf(c -> anchors.stream().anyMatch(t -> t.getTrustedCert().equals(c)));
            if (path.isEmpty()) {
                return Set.of();
            }
            CertPathValidator.getInstance("PKIX").validate(cf.generateCertPath(path), params);
        } catch (GeneralSecurityException e) {
            return Set.of();
        }
        return macsNamedBy(chain[0]);
    }

    static Set<String> macsNamedBy(X509Certificate cert) {
        Set<String> out = new LinkedHashSet<>();
        try {
            for (Rdn rdn : new LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    collect(String.valueOf(rdn.getValue()), out);
                }
            }
        } catch (InvalidNameException e) {
            return Set.of();
        }
        try {
            Collection<List<?>> sans = cert.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    collect(String.valueOf(san.get(1)), out);
                }
            }
        } catch (java.security.cert.CertificateParsingException e) {
            // the CN is still usable
        }
        return out;
    }

    private static void collect(String text, Set<String> out) {
        Matcher m = MAC.matcher(text);
        while (m.find()) {
            out.add(m.group(1).replaceAll("[:-]", "").toLowerCase(Locale.ROOT));
        }
    }
}
