package io.phonehome.phones;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Rendered files by everything they depend on, so a boot storm costs little more than serving
 * static files. The key carries the device's and site's revisions and the template generation,
 * so any change makes old entries unreachable (they age out under the size bound).
 *
 * <p>A Caffeine cache bounded by entry count: the lookup is made on the listener's I/O thread
 * for every configuration fetch, and Caffeine's reads take no lock (a synchronized access-ordered
 * map made every hit of a storm queue on one monitor). Its bookkeeping (recency, eviction) runs
 * on the reading thread, amortised: handed to the common pool (Caffeine's default) it read about
 * twice as fast with four readers, but woke a pool thread over and over, and in a boot storm on
 * two cores that pool took 4.5 % of the server's CPU on top of what it saved the I/O threads
 * (bench/results/boot-storm.md, 2026-12-05). The server is judged by CPU per request.
 */
public final class RenderCache {
    /** Everything a rendered file depends on. */
    public record Key(String vendor, String file, String subject, long deviceRevision, long siteRevision, long templateGeneration,
                      String baseUrl, String serverHost, String reportedFirmware) {
    }

    /** A rendered file: its bytes and their ETag. */
    public record Entry(byte[] body, String etag, String contentType) {
    }

    private final Cache<Key, Entry> entries;

    /** @param capacity files kept at most (0 disables the cache) */
    public RenderCache(int capacity) {
        this.entries = capacity == 0 ? null : Caffeine.newBuilder().maximumSize(capacity).executor(Runnable::run).build();
    }

    public Entry get(Key key) {
        return entries == null ? null : entries.getIfPresent(key);
    }

    public void put(Key key, Entry entry) {
        if (entries != null) {
            entries.put(key, entry);
        }
    }

    /** How many files are held (after pending evictions are carried out). */
    public int size() {
        if (entries == null) {
            return 0;
        }
        entries.cleanUp();
        return (int) entries.estimatedSize();
    }
}
