/**
 * The command-line commands: clients of the admin API over HTTPS, plus the offline
 * {@code models} and {@code settings}, and the exit codes scripts rely on. An edge: uses
 * {@code config}, {@code inventory} and {@code pki} locally, never the server's components or
 * another edge. Picocli and Jackson live here.
 */
package io.phonehome.cli;
