package io.phonehome.keys;

/**
 * A key as the API or a CSV row gives it, before it is checked.
 *
 * @param module   null or 0 for the phone's own keys
 * @param line     null for account 1
 */
public record KeyInput(Integer module, Integer position, String type, String value, String label, Integer line) {
}
