package io.phonehome.errors;

/**
 * Marks an exception that says a change conflicts with what is stored or in use (a duplicate, an
 * image a target still names). Edges answer it as a conflict whatever area threw it.
 */
public interface Conflict {
}
