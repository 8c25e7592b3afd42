package io.phonehome.cli;

import io.phonehome.phones.VendorRegistry;
import java.util.Iterator;

/**
 * The vendor ids the help texts offer ({@code ${COMPLETION-CANDIDATES}}): the phone plug-ins on
 * the class path, so a new plug-in appears in the help without an edit here.
 */
public final class VendorIds implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
        return VendorRegistry.ids().iterator();
    }
}
