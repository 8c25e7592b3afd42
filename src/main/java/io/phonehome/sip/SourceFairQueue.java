package io.phonehome.sip;

import java.util.AbstractQueue;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The queue between the thread that reads the UDP socket and the SIP workers, fair between
 * sources: each source address has its own line, and the workers take from the lines in turn.
 * With one first-come line, a garbage flood from one address keeps the line full, so a phone's
 * REGISTER arriving meanwhile is dropped as often as it is retransmitted and never answered; here
 * it waits behind at most one datagram of each other source. Bounded, so a flood costs bounded
 * memory: all sources together hold at most {@code capacity} datagrams, one source at most
 * {@code perSource} (the SIP edge lets one source fill it all: many phones may share one NAT
 * address); when the whole queue is full, a datagram from a source with a short line pushes
 * out the oldest datagram of the longest one (the flood's) instead of being dropped.
 * Never blocks the reader: {@link #offer} drops, it does not wait.
 */
final class SourceFairQueue<E> extends AbstractQueue<E> implements BlockingQueue<E> {
    private final int capacity;
    private final int perSource;
    private final Function<E, Object> sourceOf;
    private final Predicate<Object> refused;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    /** Each source's waiting datagrams, oldest first; a source with none has no entry. */
    private final Map<Object, ArrayDeque<E>> lines = new HashMap<>();
    /** The sources with waiting datagrams, in the order the workers serve them; each appears once. */
    private final ArrayDeque<Object> turns = new ArrayDeque<>();
    /** The source whose line was the longest when it last grew: the one a newcomer pushes out. */
    private Object longest;
    private int count;
    private long pushedOut;

    /**
     * @param sourceOf the source of an element (equal sources share one line); {@code null} for an
     *                 element without a known source, which then shares the line of all such
     * @param refused  sources whose datagrams are dropped on arrival (blocked by the flood guard):
     *                 one lookup instead of a parse
     */
    SourceFairQueue(int capacity, int perSource, Function<E, Object> sourceOf, Predicate<Object> refused) {
        if (capacity < 1 || perSource < 1 || perSource > capacity) {
            throw new IllegalArgumentException("capacity " + capacity + ", per source " + perSource);
        }
        this.capacity = capacity;
        this.perSource = perSource;
        this.sourceOf = sourceOf;
        this.refused = refused;
    }

    private Object keyOf(E e) {
        Object source = sourceOf.apply(e);
        return source == null ? NO_SOURCE : source;
    }

    private static final Object NO_SOURCE = new Object();

    @Override
    public boolean offer(E e) {
        Objects.requireNonNull(e);
        Object key = keyOf(e);
        if (key != NO_SOURCE && refused.test(key)) {
            return false;
        }
        lock.lock();
        try {
            ArrayDeque<E> line = lines.get(key);
            int mine = line == null ? 0 : line.size();
            if (mine >= perSource) {
                return false;
            }
            if (count >= capacity && !pushOutLongestFor(key, mine)) {
                return false;
            }
            if (line == null) {
                line = new ArrayDeque<>();
                lines.put(key, line);
                turns.addLast(key);
            }
            line.addLast(e);
            count++;
            ArrayDeque<E> longestLine = longest == null ? null : lines.get(longest);
            if (longestLine == null || line.size() > longestLine.size()) {
                longest = key;
            }
            notEmpty.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Makes room by dropping the longest line's oldest datagram, if that line is clearly longer than the newcomer's. */
    private boolean pushOutLongestFor(Object key, int mine) {
        if (longest == null || longest.equals(key)) {
            return false;
        }
        ArrayDeque<E> longestLine = lines.get(longest);
        if (longestLine == null || longestLine.size() <= mine + 1) {
            return false;
        }
        longestLine.pollFirst(); // stays non-empty: it held at least two
        count--;
        pushedOut++;
        return true;
    }

    @Override
    public E poll() {
        lock.lock();
        try {
            return count == 0 ? null : next();
        } finally {
            lock.unlock();
        }
    }

    /** The head of the next source's line; the caller holds the lock and count > 0. */
    private E next() {
        while (true) {
            Object key = turns.pollFirst();
            ArrayDeque<E> line = lines.get(key);
            if (line == null || line.isEmpty()) {
                lines.remove(key);
                continue;
            }
            E e = line.pollFirst();
            count--;
            if (line.isEmpty()) {
                lines.remove(key);
                if (key.equals(longest)) {
                    longest = null;
                }
            } else {
                turns.addLast(key);
            }
            return e;
        }
    }

    @Override
    public E take() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (count == 0) {
                notEmpty.await();
            }
            return next();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public E poll(long timeout, TimeUnit unit) throws InterruptedException {
        long nanos = unit.toNanos(timeout);
        lock.lockInterruptibly();
        try {
            while (count == 0) {
                if (nanos <= 0) {
                    return null;
                }
                nanos = notEmpty.awaitNanos(nanos);
            }
            return next();
        } finally {
            lock.unlock();
        }
    }

    /** The reader never waits for room: a full queue drops, as {@link #offer(Object)} does. */
    @Override
    public void put(E e) {
        offer(e);
    }

    @Override
    public boolean offer(E e, long timeout, TimeUnit unit) {
        return offer(e);
    }

    @Override
    public E peek() {
        lock.lock();
        try {
            for (Object key : turns) {
                ArrayDeque<E> line = lines.get(key);
                if (line != null && !line.isEmpty()) {
                    return line.peekFirst();
                }
            }
            return null;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int size() {
        lock.lock();
        try {
            return count;
        } finally {
            lock.unlock();
        }
    }

    /** How many queued datagrams newcomers have pushed out of the longest line, since the start. */
    long pushedOut() {
        lock.lock();
        try {
            return pushedOut;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int remainingCapacity() {
        lock.lock();
        try {
            return capacity - count;
        } finally {
            lock.unlock();
        }
    }

    /** A copy, line by line in the order of the sources' turns; changes to it do not reach the queue. */
    @Override
    public Iterator<E> iterator() {
        lock.lock();
        try {
            List<E> copy = new ArrayList<>(count);
            for (Object key : turns) {
                ArrayDeque<E> line = lines.get(key);
                if (line != null) {
                    copy.addAll(line);
                }
            }
            return List.copyOf(copy).iterator();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int drainTo(Collection<? super E> c) {
        return drainTo(c, Integer.MAX_VALUE);
    }

    @Override
    public int drainTo(Collection<? super E> c, int maxElements) {
        if (c == this) {
            throw new IllegalArgumentException("cannot drain a queue into itself");
        }
        lock.lock();
        try {
            int n = 0;
            while (n < maxElements && count > 0) {
                c.add(next());
                n++;
            }
            return n;
        } finally {
            lock.unlock();
        }
    }
}
