/**
 * The voice of the calls Phonehome answers itself: shipped prompts in English, French, German and
 * Italian, read once and shared as {@link io.phonehome.media.Clip}s, and the rules for saying
 * numbers and extensions. A capability on top of {@code media} only.
 */
package io.phonehome.prompts;
