/**
 * Commissioning calls (the installers' CSV auto-dialer): a run over a list of lines (a CSV of
 * extensions with an optional note each, or every line of a site) in which Phonehome calls each
 * line itself, says the extension and asks to press 1; per line the result (not registered, no
 * answer, busy, answered, confirmed by key, failed) with its times and the contact called, kept in
 * {@code commissioning_runs}/{@code commissioning_lines} ({@code CommissioningRepository}), and the
 * site's commissioning report in CSV and JSON ({@code CommissioningReport}). Runs are paced by
 * {@code actions.Pacer}, as the other mass actions; the calls themselves are placed by the SIP
 * edge through the {@code CallPlacer} port, and what an answered call says is
 * {@code CommissioningScript}, a {@code media.CallScript}. A capability: uses {@code inventory},
 * {@code actions}, {@code media}, {@code prompts}, {@code events}, {@code store}; never an edge.
 */
package io.phonehome.commissioning;
