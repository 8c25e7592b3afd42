package io.phonehome.provisioning;

import io.phonehome.auth.DigestAlgorithm;
import io.phonehome.auth.DigestMath;
import io.phonehome.auth.DigestParams;
import io.phonehome.auth.NonceService;
import io.phonehome.inventory.AuthMethod;
import io.phonehome.inventory.Cidr;
import io.phonehome.inventory.Device;
import io.phonehome.inventory.Mac;
import io.phonehome.inventory.Site;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;

/**
 * Decides whether a request may have a device's per-MAC files, by the rules of the device's
 * site (see {@link AuthMethod}). An unknown MAC, an unassigned device and a known device with
 * wrong credentials all end the same way from outside: a digest challenge.
 *
 * <p>The site's credentials are a first-contact credential: they open a device only until it has
 * proved itself on its own ({@link Device#siteCredentialRetired}). After that they are refused
 * exactly like a wrong password (same challenge, same miss for the probe limiter), and the
 * {@link RetiredSiteCredentialUse} hears of it: one site credential from an RPS or DHCP URL would
 * otherwise open every phone of the site from anywhere.
 */
public final class DeviceAuthorizer {
    /** The HTTP digest realm phones see; site and device credentials share it. */
    public static final String REALM = "phonehome";

    private final NonceService nonces;
    private final RetiredSiteCredentialUse retiredUse;
    /** Parsed trusted networks, by their text (sites are validated, so parsing cannot fail). */
    private final java.util.Map<String, Cidr> networks = new java.util.concurrent.ConcurrentHashMap<>();

    public DeviceAuthorizer(NonceService nonces, RetiredSiteCredentialUse retiredUse) {
        this.nonces = nonces;
        this.retiredUse = retiredUse;
    }

    /** Told when the right site credentials were given for a device that no longer accepts them. */
    @FunctionalInterface
    public interface RetiredSiteCredentialUse {
        void tried(Device device, InetAddress source);
    }

    /** What the request brings to prove itself. */
    public record Proof(InetAddress source, Set<String> certificateMacs, String authorization, String method, String uri, boolean secure) {
        public Proof {
            certificateMacs = certificateMacs == null ? Set.of() : Set.copyOf(certificateMacs);
        }
    }

    /**
     * @param mac    the MAC requested
     * @param device null when unknown
     * @param site   the device's site, null when unknown or unassigned
     */
    public AuthOutcome authorize(Mac mac, Device device, Site site, Proof proof, Instant now) {
        boolean credentialsGiven = proof.authorization() != null && !proof.authorization().isBlank();
        if (device == null || site == null) {
            return credentialsGiven ? burnNonce(proof) : AuthOutcome.CHALLENGE;
        }
        Set<AuthMethod> methods = site.authMethods();
        // Credentials first: a device using its own credentials is recorded (it closes the
        // first-provisioning window), and a stale nonce is answered as stale.
        AuthOutcome byCredentials = null;
        if (credentialsGiven && methods.contains(AuthMethod.DIGEST)) {
            byCredentials = checkCredentials(mac, device, site, proof, now);
            if (byCredentials.granted()) {
                return byCredentials;
            }
        }
        if (methods.contains(AuthMethod.CLIENT_CERT) && proof.certificateMacs().contains(mac.hex())) {
            return AuthOutcome.GRANTED_CLIENT_CERT;
        }
        if (grantsByNetwork(site, proof.source())) {
            return AuthOutcome.GRANTED_NETWORK;
        }
        if (methods.contains(AuthMethod.WINDOW) && site.firstProvisioningMinutes() > 0 && device.provPasswordUsedAt() == null
                && now.isBefore(device.importedAt().plus(Duration.ofMinutes(site.firstProvisioningMinutes())))) {
            return AuthOutcome.GRANTED_WINDOW;
        }
        if (!credentialsGiven) {
            return AuthOutcome.CHALLENGE;
        }
        return byCredentials == null ? AuthOutcome.DENIED : byCredentials;
    }

    /**
     * The proof a redirect that carries credentials for another server requires (the RPS role; a
     * redirected device has no site, hence no site rules): a client certificate naming the MAC
     * (Phonehome's CA or a vendor factory CA), or the device's own digest credentials from an
     * earlier config of ours. A redirect without credentials needs no proof and is not checked here.
     */
    public AuthOutcome authorizeRedirect(Mac mac, Device device, Proof proof) {
        if (proof.certificateMacs().contains(mac.hex())) {
            return AuthOutcome.GRANTED_CLIENT_CERT;
        }
        if (proof.authorization() == null || proof.authorization().isBlank()) {
            return AuthOutcome.CHALLENGE;
        }
        return checkCredentials(mac, device, null, proof, null);
    }

    /**
     * @param site null: only the device's own credentials count
     * @param now  null only with a null site
     */
    private AuthOutcome checkCredentials(Mac mac, Device device, Site site, Proof proof, Instant now) {
        String header = proof.authorization().trim();
        if (header.regionMatches(true, 0, "Basic ", 0, 6)) {
            // Basic only over TLS: Grandstream can be told to always send it.
            if (!proof.secure()) {
                return AuthOutcome.DENIED;
            }
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return AuthOutcome.DENIED;
            }
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                return AuthOutcome.DENIED;
            }
            String user = decoded.substring(0, colon);
            String pass = decoded.substring(colon + 1);
            if (user.equalsIgnoreCase(mac.hex()) && same(pass, device.provPassword())) {
                return AuthOutcome.GRANTED_DEVICE_CREDENTIALS;
            }
            if (site != null && site.digestUser() != null && user.equals(site.digestUser()) && same(pass, site.digestPassword())) {
                return siteCredentialsFor(device, proof, now);
            }
            return AuthOutcome.DENIED;
        }
        DigestParams p = DigestParams.parse(header).orElse(null);
        if (p == null || !p.has("username", "realm", "nonce", "uri", "response") || !REALM.equals(p.get("realm"))) {
            return AuthOutcome.DENIED;
        }
        DigestAlgorithm alg = DigestAlgorithm.parse(p.get("algorithm")).orElse(null);
        if (alg == null || !p.get("uri").equals(proof.uri())) {
            return AuthOutcome.DENIED;
        }
        String qop = p.get("qop");
        if (qop != null && !qop.equals("auth")) {
            return AuthOutcome.DENIED;
        }
        if (qop != null && !p.has("nc", "cnonce")) {
            return AuthOutcome.DENIED;
        }
        String user = p.get("username");
        String password;
        AuthOutcome grant;
        if (user.equalsIgnoreCase(mac.hex())) {
            password = device.provPassword();
            grant = AuthOutcome.GRANTED_DEVICE_CREDENTIALS;
        } else if (site != null && site.digestUser() != null && user.equals(site.digestUser())) {
            password = site.digestPassword();
            grant = AuthOutcome.GRANTED_SITE_CREDENTIALS;
        } else {
            nonces.check(p.get("nonce"));
            return AuthOutcome.DENIED;
        }
        String expected = DigestMath.response(alg, DigestMath.ha1(alg, user, REALM, password), p.get("nonce"), p.get("nc"),
                p.get("cnonce"), qop, proof.method(), p.get("uri"));
        if (!DigestMath.matches(expected, p.get("response"))) {
            return AuthOutcome.DENIED;
        }
        AuthOutcome verdict = switch (nonces.checkAndCount(p.get("nonce"), qop == null ? null : p.get("nc"))) {
            case VALID -> grant;
            case STALE -> AuthOutcome.STALE;
            case INVALID, REPLAYED -> AuthOutcome.DENIED;
        };
        if (grant == AuthOutcome.GRANTED_SITE_CREDENTIALS && device.siteCredentialRetired(now)) {
            // Not even "stale": that would tell the requester its password was right.
            return verdict == AuthOutcome.GRANTED_SITE_CREDENTIALS ? siteCredentialsFor(device, proof, now) : AuthOutcome.DENIED;
        }
        return verdict;
    }

    /** The right site credentials: a grant on first contact, a miss once the device has its own. */
    private AuthOutcome siteCredentialsFor(Device device, Proof proof, Instant now) {
        if (!device.siteCredentialRetired(now)) {
            return AuthOutcome.GRANTED_SITE_CREDENTIALS;
        }
        retiredUse.tried(device, proof.source());
        return AuthOutcome.DENIED;
    }

    /** Credentials for a MAC we cannot serve: always a miss, after the same work as a real check. */
    private AuthOutcome burnNonce(Proof proof) {
        DigestParams.parse(proof.authorization()).ifPresent(p -> {
            if (p.get("nonce") != null) {
                nonces.check(p.get("nonce"));
            }
        });
        return AuthOutcome.DENIED;
    }

    /**
     * The site's "allowed networks" rule on its own: whether a request from {@code source} is
     * proof enough for a device of {@code site}. Firmware downloads without a token are judged by
     * it too, so both kinds of request follow one rule.
     */
    public boolean grantsByNetwork(Site site, InetAddress source) {
        if (source == null || !site.authMethods().contains(AuthMethod.NETWORK)) {
            return false;
        }
        for (String n : site.trustedNetworks()) {
            if (networks.computeIfAbsent(n, Cidr::parse).contains(source)) {
                return true;
            }
        }
        return false;
    }

    private static boolean same(String a, String b) {
        if (a == null || b == null) {
            return false;
        }
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    /** The WWW-Authenticate value for a challenge. */
    public String challenge(boolean stale) {
        return "Digest realm=\"" + REALM + "\", qop=\"auth\", algorithm=MD5, nonce=\"" + nonces.issue() + "\""
                + (stale ? ", stale=true" : "");
    }
}
