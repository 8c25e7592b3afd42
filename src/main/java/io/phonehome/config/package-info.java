/**
 * Typed settings: every {@code Setting} with its default and rule, read from file, environment
 * and flags, validated once and frozen. A leaf: uses only {@code errors}; no I/O after loading,
 * no knowledge of what a setting is for.
 */
package io.phonehome.config;
