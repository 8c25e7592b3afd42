package io.phonehome.media;

/**
 * The line on the other end of a call Phonehome handles itself, as the SIP edge authenticated it.
 *
 * @param lineId the line's inventory id (0 when the party is not a provisioned line)
 * @param deviceId the device whose line it is
 * @param extension the line's extension
 * @param displayName the line's display name, possibly empty
 * @param secureSignalling whether the call's signalling came over SIP over TLS
 */
public record Caller(long lineId, long deviceId, String extension, String displayName, boolean secureSignalling) {
}
