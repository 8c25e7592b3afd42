package io.phonehome.firmware;

import io.phonehome.inventory.Mac;
import java.time.Clock;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
    private final ThreadPoolExecutor writer;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong submitted = new AtomicLong();
    private final AtomicLong done = new AtomicLong();

    public DownloadSignals(CampaignRepository campaigns, Clock clock, int queueSize) {
        this.campaigns = campaigns;
        this.clock = clock;
        this.writer = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(queueSize), r -> {
            Thread t = new Thread(r, "firmware-download-signals");
            t.setDaemon(true);
            return t;
        }, (r, e) -> {
            done.incrementAndGet();
            if (dropped.incrementAndGet() % 1000 == 1) {
                log.warn("firmware download signal queue full: {} signal(s) dropped so far", dropped.get());
            }
        });
    }

    public void started(Mac mac, String vendor, String version) {
        var at = clock.instant();
        submit(() -> campaigns.downloadStarted(mac, vendor, version, at));
    }

    /** @param complete the response reached the image's last byte */
    public void ended(Mac mac, String vendor, String version, long bytes, boolean complete) {
        var at = clock.instant();
        submit(() -> campaigns.downloadEnded(mac, vendor, version, bytes, complete, at));
    }

    private void submit(Runnable r) {
        submitted.incrementAndGet();
        // a full queue (or a closed writer) goes to the rejection handler: counted, dropped
        writer.execute(() -> {
            try {
                r.run();
            } catch (RuntimeException e) {
                log.error("could not record a firmware download signal: {}", e.getMessage());
            } finally {
                done.incrementAndGet();
            }
        });
    }

    /** Waits until everything submitted so far is written (tests). */
    public void flush(long timeoutMillis) {
        long target = submitted.get();
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (done.get() < target && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    public long dropped() {
        return dropped.get();
    }

    @Override
    public void close() {
        writer.shutdown();
        try {
            writer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
