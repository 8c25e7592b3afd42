package io.phonehome.phones;

import io.phonehome.inventory.Site;
import java.util.List;

/**
 * Where the entries of a site's company phonebook come from (the phonebook capability implements
 * it; the phone plug-ins render the entries in their vendor's XML). A port, so that this package
 * does not depend on the one that stores contacts.
 */
public interface PhonebookSource {
    /** Nothing: phones get an empty phonebook (tools and tests that build no phonebook). */
    PhonebookSource NONE = new PhonebookSource() {
        @Override
        public List<ConfigModel.PhonebookEntry> entries(Site site) {
            return List.of();
        }

        @Override
        public long generation() {
            return 0;
        }
    };

    /** The entries the phones of {@code site} get, in the order they are listed. May read the database. */
    List<ConfigModel.PhonebookEntry> entries(Site site);

    /**
     * A number that changes whenever any phonebook may have changed (a line, a device, a site, a
     * contact or a site's choice was written): rendered phonebooks are cached under it. Cheap.
     */
    long generation();
}
