package io.phonehome.phones;

/**
 * What a phone asked for, as seen by the plug-ins: the file name (the last path segment,
 * already checked to be a plain name: no '/', no '..'), the sub-directory it was asked under
 * (empty at the root; some Grandstream firmware adds "Grandstream/") and its User-Agent.
 */
public record FetchRequest(String fileName, String directory, String userAgent) {
    public FetchRequest {
        userAgent = userAgent == null ? "" : userAgent;
        directory = directory == null ? "" : directory;
    }
}
