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
}
