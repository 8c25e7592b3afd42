package io.phonehome.media;

/**
 * The receiver's replay list (RFC 3711 section 3.3.2): a sliding window of 64 packet indices
 * behind the highest authenticated one. An index is checked before authentication and marked
 * only after it, so a forged packet can neither be replayed nor move the window.
 */
public final class ReplayWindow {
    public static final int SIZE = 64;

    private long highest = -1;
    /** Bit i set: index {@code highest - i} was received. */
    private long seen;

    /** False for an index already received or older than the window. */
    public boolean isFresh(long index) {
        if (highest < 0 || index > highest) {
            return true;
        }
        long behind = highest - index;
        return behind < SIZE && (seen & (1L << behind)) == 0;
    }

    /** Records an authenticated index; call only after {@link #isFresh(long)} said yes. */
    public void mark(long index) {
        if (highest < 0) {
            highest = index;
            seen = 1;
        } else if (index > highest) {
            long ahead = index - highest;
            seen = ahead >= SIZE ? 1 : (seen << ahead) | 1;
            highest = index;
        } else {
            seen |= 1L << (highest - index);
        }
    }
}
