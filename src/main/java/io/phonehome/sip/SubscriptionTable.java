package io.phonehome.sip;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every accepted subscription, by dialog and by watched extension, with the two limits that keep
 * it bounded: subscriptions per subscribing line ({@code sip_subscriptions_per_line}) and in
 * total ({@code sip_subscriptions_max}). Only an authenticated SUBSCRIBE reaches it: a flood of
 * unauthenticated ones costs a stateless challenge each and no memory here.
 */
final class SubscriptionTable {
    enum Added {
        ADDED, LINE_FULL, TABLE_FULL
    }

    private final int perLine;
    private final int max;
    private final Map<String, Subscription> byKey = new HashMap<>();
    private final Map<String, Set<Subscription>> byWatched = new HashMap<>();
    private final Map<String, Integer> perWatcher = new HashMap<>();

    SubscriptionTable(int perLine, int max) {
        this.perLine = perLine;
        this.max = max;
    }

    synchronized Added add(Subscription s) {
        if (byKey.size() >= max) {
            return Added.TABLE_FULL;
        }
        int held = perWatcher.getOrDefault(s.watcher, 0);
        if (held >= perLine) {
            return Added.LINE_FULL;
        }
        byKey.put(s.key, s);
        byWatched.computeIfAbsent(s.watched, k -> new LinkedHashSet<>()).add(s);
        perWatcher.put(s.watcher, held + 1);
        return Added.ADDED;
    }

    synchronized Subscription get(String key) {
        return byKey.get(key);
    }

    /** Removes the subscription; false when it was gone already (another thread ended it). */
    synchronized boolean remove(Subscription s) {
        if (byKey.get(s.key) != s) {
            return false;
        }
        byKey.remove(s.key);
        Set<Subscription> set = byWatched.get(s.watched);
        if (set != null) {
            set.remove(s);
            if (set.isEmpty()) {
                byWatched.remove(s.watched);
            }
        }
        perWatcher.computeIfPresent(s.watcher, (k, n) -> n <= 1 ? null : n - 1);
        return true;
    }

    synchronized List<Subscription> watching(String extension, EventPackage p) {
        List<Subscription> out = new ArrayList<>();
        for (Subscription s : byWatched.getOrDefault(extension, Set.of())) {
            if (s.eventPackage == p) {
                out.add(s);
            }
        }
        return out;
    }

    synchronized int size() {
        return byKey.size();
    }

    synchronized int heldBy(String watcher) {
        return perWatcher.getOrDefault(watcher, 0);
    }

    synchronized List<Subscription> all() {
        return new ArrayList<>(byKey.values());
    }
}
