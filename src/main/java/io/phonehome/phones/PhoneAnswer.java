package io.phonehome.phones;

/**
 * What a phone gets for one request: the one decision of the provisioning resolver, typed, so
 * the phone listener writes it and the admin preview shows it without deciding anything again.
 * The phone listener renders every variant (errors included) in one place; the admin API turns
 * the ones a preview can meet into its problem+json errors.
 */
public sealed interface PhoneAnswer {

    /**
     * The file's bytes.
     *
     * @param secret   an authorised per-MAC file (or a redirect that carries credentials): never
     *                 stored by a cache, and the only answer that costs its source no request budget
     * @param id       what the request was identified as (null for the CA certificate)
     * @param template the template it was rendered from, as the plug-in named it (null for the CA certificate)
     */
    record Serve(ConfigFiles.Rendered file, boolean secret, Identification id, String template) implements PhoneAnswer {
    }

    /** A digest challenge; {@code wwwAuthenticate} is the header value, with a fresh nonce. */
    record Challenge(String wwwAuthenticate) implements PhoneAnswer {
    }

    /** Nothing to serve under this name for this request. */
    record NotFound(String reason) implements PhoneAnswer {
    }

    /** The request itself is wrong (400, 405, 431): {@code reason} says how, in words a technician reads. */
    record Refused(int status, String reason) implements PhoneAnswer {
    }

    /** The source has to wait before it asks again. */
    record TooManyRequests(long retryAfterSeconds, String reason) implements PhoneAnswer {
    }

    /** The file's template failed: {@code message} is for the server log and the admin preview, never for the phone. */
    record RenderFailed(String message) implements PhoneAnswer {
    }

    /**
     * Not an answer yet: the request cannot be answered from memory (it needs a database read, a
     * render, a log write or a nonce count). Nothing has been done for it; ask again on a worker.
     */
    enum Pending implements PhoneAnswer {
        NEEDS_WORKER
    }
}
