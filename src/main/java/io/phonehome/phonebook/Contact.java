package io.phonehome.phonebook;

/**
 * One imported contact.
 *
 * @param siteId null for a fleet-wide contact
 * @param office empty when the contact has none (likewise mobile and other)
 */
public record Contact(long id, Long siteId, String name, String company, String office, String mobile, String other) {
}
