package io.phonehome.media;

import java.util.Objects;
import java.util.function.Function;

/**
 * What reading untrusted media input gave: a value, or a refusal saying why. Packets and
 * descriptions come from the network, so a bad one is an expected answer, not an exception.
 */
public sealed interface Outcome<T> {

    /** The input was read. */
    record Ok<T>(T value) implements Outcome<T> {
        public Ok {
            Objects.requireNonNull(value, "value");
        }
    }

    /** The input was refused; {@code why} is for logs and SIP Warning texts, never shown as a stack trace. */
    record Refused<T>(String why) implements Outcome<T> {
        public Refused {
            Objects.requireNonNull(why, "why");
        }
    }

    static <T> Outcome<T> ok(T value) {
        return new Ok<>(value);
    }

    static <T> Outcome<T> refused(String why) {
        return new Refused<>(why);
    }

    default boolean isOk() {
        return this instanceof Ok;
    }

    /** The value; only call after {@link #isOk()}, for tests and code that just checked. */
    default T value() {
        if (this instanceof Ok<T> ok) {
            return ok.value();
        }
        throw new IllegalStateException("refused: " + ((Refused<T>) this).why());
    }

    /** The reason of a refusal, or null for a value. */
    default String why() {
        return this instanceof Refused<T> r ? r.why() : null;
    }

    default <U> Outcome<U> map(Function<T, U> f) {
        if (this instanceof Ok<T> ok) {
            return new Ok<>(f.apply(ok.value()));
        }
        return new Refused<>(((Refused<T>) this).why());
    }
}
