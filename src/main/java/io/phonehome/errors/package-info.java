/**
 * {@code PhonehomeException}, the unchecked root each area's exception family extends, and the
 * kinds an exception can declare by type ({@code NotFound}, {@code Conflict}, {@code Unavailable}). A leaf
 * below every other package: it uses nothing of Phonehome, and every package may use it.
 */
package io.phonehome.errors;
