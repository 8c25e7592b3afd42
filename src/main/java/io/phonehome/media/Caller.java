package io.phonehome.media;

/**
 * The line on the other end of a call Phonehome handles itself, as the SIP edge authenticated it.
 *
 * @param lineId the line's inventory id (0 when the party is not a provisioned line)
 * @param deviceId the device whose line it is
 * @param siteId the device's site, 0 when it has none
 * @param extension the line's extension
 * @param displayName the line's display name, possibly empty
 * @param language the site's language as set (e.g. {@code de}, {@code fr-CH}), {@code en} without a site;
 *        what prompts are spoken in
 * @param secureSignalling whether the call's signalling came over SIP over TLS
 * @param customerId the line's customer: the extension space its extension, and what it dials, are in
 */
public record Caller(long lineId, long deviceId, long siteId, String extension, String displayName, String language, boolean secureSignalling,
                     long customerId) {
}
