package io.phonehome.phones;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RenderCacheTest {
    static RenderCache.Key key(String subject) {
        return new RenderCache.Key("v", "f.cfg|t", subject, 1, 1, 1, "https://p.example:8443", "p.example", "1.0");
    }

    static RenderCache.Entry entry(String body) {
        return new RenderCache.Entry(body.getBytes(StandardCharsets.UTF_8), "\"" + body + "\"", "text/plain");
    }

    @Test
    void returnsWhatWasPutUnderTheSameKey() {
        RenderCache cache = new RenderCache(100);
        cache.put(key("a"), entry("A"));
        assertThat(cache.get(key("a")).etag()).isEqualTo("\"A\"");
        assertThat(cache.get(key("b"))).isNull();
    }

    @Test
    void holdsAtMostItsCapacity() {
        RenderCache cache = new RenderCache(100);
        for (int i = 0; i < 1000; i++) {
            cache.put(key("d" + i), entry("x"));
        }
        assertThat(cache.size()).isLessThanOrEqualTo(100);
    }

    @Test
    void aZeroCapacityKeepsNothing() {
        RenderCache cache = new RenderCache(0);
        cache.put(key("a"), entry("A"));
        assertThat(cache.get(key("a"))).isNull();
        assertThat(cache.size()).isZero();
    }

    /**
     * A site's common file is fetched again and again, but with many one-off renders in between
     * (a firmware campaign's per-device files, a preview of every device): more of them than the
     * cache holds. Evicting the least recently used entry first lost the common file every time;
     * the cache keeps what is fetched often.
     */
    @Test
    void aFileFetchedOftenSurvivesPassesOfOneOffRendersLargerThanTheCache() {
        RenderCache cache = new RenderCache(1000);
        int oneOff = 0;
        int hits = 0;
        for (int round = 0; round < 40; round++) {
            if (cache.get(key("common")) != null) {
                hits++;
            } else {
                cache.put(key("common"), entry("C"));   // what ConfigFiles does after rendering it again
            }
            for (int i = 0; i < 1500; i++) {
                cache.put(key("device" + oneOff++), entry("D"));
            }
        }
        assertThat(hits).as("rounds in which the common file was still cached").isGreaterThanOrEqualTo(30);
    }
}
