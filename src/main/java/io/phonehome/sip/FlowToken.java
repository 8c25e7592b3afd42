package io.phonehome.sip;

import io.phonehome.sip.location.Flow;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The two flows of a call, carried in the user part of Phonehome's Record-Route (in the spirit
 * of RFC 5626 flow tokens): an in-dialog request that comes back over one of them is forwarded
 * down the other, so a phone behind NAT stays reachable for BYE and re-INVITE without any call
 * state in Phonehome. Signed, so a forged Route cannot turn the proxy into a relay to arbitrary
 * addresses; the key is derived from the server key, so tokens outlive a restart.
 */
final class FlowToken {
    private static final String PREFIX = "ph-";
    private static final int MAC_BYTES = 12;

    /** Both sides of a call, as the caller's INVITE set them up. */
    record Pair(Flow caller, Flow callee) {
        /** The other side from {@code from}, or empty when {@code from} is neither. */
        Optional<Flow> otherThan(Flow from) {
            if (sameSide(from, caller)) {
                return Optional.of(callee);
            }
            if (sameSide(from, callee)) {
                return Optional.of(caller);
            }
            return Optional.empty();
        }

        private static boolean sameSide(Flow a, Flow b) {
            return a.transport().equals(b.transport()) && a.address().equals(b.address()) && a.port() == b.port();
        }
    }

    private final SecretKeySpec key;

    FlowToken(byte[] secret) {
        try {
            byte[] k = MessageDigest.getInstance("SHA-256").digest(concat("phonehome-sip-flow-token".getBytes(StandardCharsets.US_ASCII), secret));
            this.key = new SecretKeySpec(k, "HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    String encode(Flow caller, Flow callee) {
        byte[] body = (caller + "|" + callee).getBytes(StandardCharsets.US_ASCII);
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return PREFIX + b64.encodeToString(body) + "." + b64.encodeToString(Arrays.copyOf(mac(body), MAC_BYTES));
    }

    Optional<Pair> decode(String user) {
        if (user == null || !user.startsWith(PREFIX) || user.length() > 300) {
            return Optional.empty();
        }
        int dot = user.indexOf('.', PREFIX.length());
        if (dot < 0) {
            return Optional.empty();
        }
        try {
            Base64.Decoder b64 = Base64.getUrlDecoder();
            byte[] body = b64.decode(user.substring(PREFIX.length(), dot));
            byte[] given = b64.decode(user.substring(dot + 1));
            if (!MessageDigest.isEqual(Arrays.copyOf(mac(body), MAC_BYTES), given)) {
                return Optional.empty();
            }
            String[] flows = new String(body, StandardCharsets.US_ASCII).split("\\|");
            if (flows.length != 2) {
                return Optional.empty();
            }
            return Optional.of(new Pair(Flow.parse(flows[0]), Flow.parse(flows[1])));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private byte[] mac(byte[] body) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(key);
            return m.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
