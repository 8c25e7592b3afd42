package io.phonehome.firmware;

import io.phonehome.inventory.Mac;
import io.phonehome.vendor.fanvil.FanvilUserAgent;
import io.phonehome.vendor.grandstream.GrandstreamUserAgent;
import io.phonehome.vendor.snom.SnomUserAgent;
import io.phonehome.vendor.yealink.YealinkUserAgent;
import java.util.Optional;

/**
 * The MAC a phone names in its HTTP User-Agent when it downloads firmware, read with the vendor
 * plug-ins' own User-Agent parsers (the ones config fetches go through), so the two never
 * disagree about who is asking.
 */
final class DeviceAgents {
    private DeviceAgents() {
    }

    static Optional<Mac> mac(String userAgent) {
        if (userAgent == null || userAgent.isBlank()) {
            return Optional.empty();
        }
        return YealinkUserAgent.parse(userAgent).map(YealinkUserAgent.Info::mac)
                .or(() -> SnomUserAgent.parse(userAgent).map(SnomUserAgent.Info::mac))
                .or(() -> GrandstreamUserAgent.parse(userAgent).map(GrandstreamUserAgent.Info::mac))
                .or(() -> FanvilUserAgent.parse(userAgent).map(FanvilUserAgent.Info::mac));
    }
}
