package io.phonehome.sip.location;

import java.util.List;

/**
 * Read access to the registrar's location service, for the admin API and diagnostics (which may
 * use {@code sip.location} but not the SIP edge). Implemented by the SIP core.
 */
public interface Registrations {
    /** Current (unexpired) bindings of one extension, newest first. */
    List<Binding> forExtension(String extension);

    /** Current bindings of every line of a device. */
    List<Binding> forDevice(long deviceId);

    /**
     * The bindings of one extension that every live node holds (issue 16), each with its node's
     * name: what the admin API and the console show. This node's own ones first.
     */
    default List<Binding> everywhereForExtension(String extension) {
        return forExtension(extension);
    }

    /** The bindings of every line of a device that every live node holds, each with its node's name. */
    default List<Binding> everywhereForDevice(long deviceId) {
        return forDevice(deviceId);
    }
}
