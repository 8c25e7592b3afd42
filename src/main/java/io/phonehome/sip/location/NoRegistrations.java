package io.phonehome.sip.location;

import java.util.List;

/**
 * The registrations seen until the SIP core is wired in: none. Honest rather than invented: with
 * no registrar running, no line can be registered.
 */
public final class NoRegistrations implements Registrations {
    @Override
    public List<Binding> forExtension(String extension) {
        return List.of();
    }

    @Override
    public List<Binding> forDevice(long deviceId) {
        return List.of();
    }
}
