package io.phonehome.provisioning;

import io.phonehome.events.Event;
import io.phonehome.events.EventLog;
import io.phonehome.events.EventTypes;
import io.phonehome.events.SecurityLog;
import io.phonehome.inventory.Device;
import java.net.InetAddress;

/**
 * Records a site credential tried on a device that has its own: an event on the device (a
 * technician sees a phone that was reset to factory settings and re-arms it) and a security-log
 * line (someone holding the site credential probes provisioned phones). The requester sees only
 * the ordinary challenge; the probe limiter counts it like any other miss.
 */
public final class RetiredSiteCredentialLog implements DeviceAuthorizer.RetiredSiteCredentialUse {
    private final EventLog events;
    private final SecurityLog security;

    public RetiredSiteCredentialLog(EventLog events, SecurityLog security) {
        this.events = events;
        this.security = security;
    }

    @Override
    public void tried(Device device, InetAddress source) {
        String src = source == null ? "unknown" : source.getHostAddress();
        String since = device.ownCredentialsSince() == null ? "a re-arm that expired at " + device.rearmedUntil()
                : "its own credentials, used since " + device.ownCredentialsSince();
        security.write(EventTypes.SITE_CREDENTIAL_RETIRED, "provisioning", src, "mac", device.mac().hex());
        events.record(Event.of(EventTypes.SITE_CREDENTIAL_RETIRED, "refused", device.mac().hex(), device.siteId(), src,
                "site credential refused: the device has " + since + "; re-arm it if it was reset to factory settings"));
    }
}
