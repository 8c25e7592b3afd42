/**
 * The composition root: {@code Main} (the command line), {@code ServeCommand} (starts the server)
 * and {@code PhonehomeServer}, which builds every component from the settings, starts the
 * listeners and stops them in reverse order. It may use every package; no package may use it, so
 * nothing here is more than wiring. See ARCHITECTURE.md, "Package map".
 */
package io.phonehome;
