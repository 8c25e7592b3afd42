package io.phonehome.phones;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Rendered files by everything they depend on, so a boot storm costs little more than serving
 * static files. The key carries the device's and site's revisions and the template generation,
 * so any change makes old entries unreachable (they age out of the LRU).
 */
public final class RenderCache {
    /** Everything a rendered file depends on. */
    public record Key(String vendor, String file, String subject, long deviceRevision, long siteRevision, long templateGeneration,
                      String baseUrl, String serverHost, String reportedFirmware) {
    }

    /** A rendered file: its bytes and their ETag. */
    public record Entry(byte[] body, String etag, String contentType) {
    }

    private final int capacity;
    private final Map<Key, Entry> entries;

    public RenderCache(int capacity) {
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(Math.min(capacity, 1 << 16), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Entry> eldest) {
                return size() > RenderCache.this.capacity;
            }
        };
    }

    public Entry get(Key key) {
        if (capacity == 0) {
            return null;
        }
        synchronized (entries) {
            return entries.get(key);
        }
    }

    public void put(Key key, Entry entry) {
        if (capacity == 0) {
            return;
        }
        synchronized (entries) {
            entries.put(key, entry);
        }
    }

    public int size() {
        synchronized (entries) {
            return entries.size();
        }
    }
}
