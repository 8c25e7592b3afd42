package io.phonehome.firmware;

import java.util.List;

/**
 * What a person asks for when creating a campaign. Devices are chosen by explicit MACs, or by
 * models and/or sites (names or ids; both given means both must match). Null numbers take the
 * defaults below.
 *
 * @param canaryCount             devices that go first (0 for none); or
 * @param canaryPercent           the share of the eligible devices that goes first (rounded up)
 * @param canaryMaxFailurePercent more failed canary devices than this share halt the campaign
 * @param perMinute               devices started per minute at most
 * @param maxConcurrent           devices notified or downloading at once at most
 * @param deviceTimeoutSeconds    NOTIFY to confirmed version, per device
 * @param notifyKind              {@code resync} (default) or {@code reboot}
 */
public record CampaignSpec(String name, String version, List<String> macs, List<String> models, List<String> sites, Integer canaryCount,
                           Integer canaryPercent, Integer canaryMaxFailurePercent, Integer perMinute, Integer maxConcurrent,
                           Integer deviceTimeoutSeconds, String notifyKind) {
    public static final int DEFAULT_CANARY_PERCENT = 5;
    public static final int DEFAULT_CANARY_MAX_FAILURE_PERCENT = 0;
    public static final int DEFAULT_PER_MINUTE = 10;
    public static final int DEFAULT_MAX_CONCURRENT = 20;
    public static final int DEFAULT_DEVICE_TIMEOUT_SECONDS = 1800;
    public static final int MAX_PER_MINUTE = 6000;
    public static final int MAX_CONCURRENT = 10_000;
    public static final int MAX_DEVICE_TIMEOUT_SECONDS = 7 * 24 * 3600;

    public CampaignSpec {
        macs = macs == null ? List.of() : List.copyOf(macs);
        models = models == null ? List.of() : List.copyOf(models);
        sites = sites == null ? List.of() : List.copyOf(sites);
    }

    /** A campaign over explicit devices with every default. */
    public static CampaignSpec of(String version, List<String> macs) {
        return new CampaignSpec(null, version, macs, null, null, null, null, null, null, null, null, null);
    }

    public CampaignSpec withCanary(int count, int maxFailurePercent) {
        return new CampaignSpec(name, version, macs, models, sites, count, null, maxFailurePercent, perMinute, maxConcurrent,
                deviceTimeoutSeconds, notifyKind);
    }

    public CampaignSpec withPace(int perMinute, int maxConcurrent, int deviceTimeoutSeconds) {
        return new CampaignSpec(name, version, macs, models, sites, canaryCount, canaryPercent, canaryMaxFailurePercent, perMinute,
                maxConcurrent, deviceTimeoutSeconds, notifyKind);
    }
}
