/**
 * The company phonebook: contacts imported by CSV ({@link ContactImport}, all or nothing, with a
 * dry run), each for one site or for the whole fleet, and the phonebook a site's phones get
 * ({@link Phonebooks}): the inventory's lines (display name, extension) plus the contacts, of the
 * site alone or of the site's customer ("fleet", one customer's fleet), as the site chose ({@link PhonebookScope}). The vendor's XML is not
 * written here: the phone plug-ins render it from the entries, and the provisioning edge serves it
 * under the same authorisation as a configuration file.
 */
package io.phonehome.phonebook;
