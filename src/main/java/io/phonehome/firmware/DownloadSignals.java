package io.phonehome.firmware;

import io.phonehome.inventory.Mac;
import io.phonehome.store.WriteBehind;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands what the firmware listener sees (a download started, a download ended with so many
 * bytes) to the campaigns, in the database, off the I/O threads: one writer thread, in order,
 * with a bounded queue that drops (and counts) rather than slow a download down. The campaign
 * driver, on whichever node drives the campaign, turns these facts into device states.
 */
public final class DownloadSignals implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DownloadSignals.class);

    private final CampaignRepository campaigns;
    private final Clock clock;
    private final WriteBehind<Runnable> writer;
    private final WriteBehind.Lane<Runnable> queue;

    public DownloadSignals(CampaignRepository campaigns, Clock clock, int queueSize) {
        this.campaigns = campaigns;
        this.clock = clock;
        WriteBehind.Builder<Runnable> b = WriteBehind.named("firmware-download-signals", "firmware download signal(s)");
        this.queue = b.lane("firmware download signal", queueSize);
        this.writer = b.build(DownloadSignals::writeInOrder);
    }

    /** Starts the {@code firmware-download-signals} thread. */
    public void start() {
        writer.start();
    }

    public void started(Mac mac, String vendor, String version) {
        var at = clock.instant();
        queue.offer(() -> campaigns.downloadStarted(mac, vendor, version, at));
    }

    /** @param complete the response reached the image's last byte */
    public void ended(Mac mac, String vendor, String version, long bytes, boolean complete) {
        var at = clock.instant();
        queue.offer(() -> campaigns.downloadEnded(mac, vendor, version, bytes, complete, at));
    }

    /** Each signal on its own: one that fails (a campaign deleted meanwhile) does not lose the others. */
    private static void writeInOrder(List<Runnable> signals) {
        for (Runnable r : signals) {
            try {
                r.run();
            } catch (RuntimeException e) {
                log.error("could not record a firmware download signal: {}", e.getMessage());
            }
        }
    }

    /** Waits until everything submitted so far is written (tests). */
    public void flush(long timeoutMillis) {
        writer.flush(timeoutMillis);
    }

    public long dropped() {
        return writer.dropped();
    }

    @Override
    public void close() {
        writer.close();
    }
}
