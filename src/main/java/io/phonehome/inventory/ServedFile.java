package io.phonehome.inventory;

import java.time.Instant;

/**
 * The bytes a device was last served for one file name, and how it had reached us then (the
 * same origin renders the same bytes, which is what a preview diff needs).
 *
 * @param since when these exact bytes were first served
 */
public record ServedFile(Mac mac, String fileName, Instant since, String etag, String baseUrl, String serverHost, byte[] body) {
    @Override
    public String toString() {
        return "ServedFile[" + mac + " " + fileName + ", etag=" + etag + ", " + body.length + " bytes]";
    }
}
