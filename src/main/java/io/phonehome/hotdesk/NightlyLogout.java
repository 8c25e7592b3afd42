package io.phonehome.hotdesk;

import io.phonehome.inventory.Device;
import io.phonehome.inventory.Site;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Frees every hot desk of a site once a night at the site's local time, so that a desk someone
 * forgot to log out of is free the next morning.
 *
 * <p>Stateless: each run frees every seat taken before the latest logout time that has passed at
 * its site (today's, or yesterday's when today's is still ahead). A run missed while the server was
 * down is therefore made up by the next one, and running twice frees nothing twice.
 */
public final class NightlyLogout implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NightlyLogout.class);

    private final HotDesks desks;
    private final ScheduledExecutorService scheduler;

    private NightlyLogout(HotDesks desks, ScheduledExecutorService scheduler) {
        this.desks = desks;
        this.scheduler = scheduler;
    }

    /** A job that runs by itself every minute. */
    public static NightlyLogout scheduled(HotDesks desks) {
        ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "hotdesk-nightly-logout");
            t.setDaemon(true);
            return t;
        });
        NightlyLogout job = new NightlyLogout(desks, s);
        s.scheduleWithFixedDelay(job::runSafely, 1, 1, TimeUnit.MINUTES);
        return job;
    }

    /** A job that runs only when {@link #runNow} is called (tests, with the clock of the {@link HotDesks}). */
    public static NightlyLogout manual(HotDesks desks) {
        return new NightlyLogout(desks, null);
    }

    /** Frees every seat due at its site's time now; returns how many. */
    public int runNow() {
        Instant now = desks.clock().instant();
        LocalTime at = desks.rules().nightlyLogout();
        int freed = 0;
        for (HotDeskRepository.Seat seat : desks.seats()) {
            Optional<Device> d = desks.inventory().devices().findById(seat.deviceId());
            if (d.isEmpty()) {
                continue;
            }
            ZoneId zone = zoneOf(d.get());
            ZonedDateTime local = now.atZone(zone);
            ZonedDateTime due = local.with(at);
            if (due.isAfter(local)) {
                due = due.minusDays(1);
            }
            if (seat.since().isBefore(due.toInstant()) && desks.free(d.get(), HotDesks.LogoutReason.NIGHTLY, "nightly")) {
                freed++;
            }
        }
        return freed;
    }

    private ZoneId zoneOf(Device d) {
        Optional<Site> site = d.siteId() == null ? Optional.empty() : desks.inventory().sites().findById(d.siteId());
        try {
            return site.map(s -> ZoneId.of(s.timeZone())).orElse(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            return ZoneOffset.UTC;
        }
    }

    private void runSafely() {
        try {
            desks.refreshIfStale();
            int n = runNow();
            if (n > 0) {
                log.info("nightly hot-desk logout freed {} desk(s)", n);
            }
        } catch (RuntimeException e) {
            log.warn("nightly hot-desk logout failed (tried again in a minute): {}", e.toString(), e);
        }
    }

    @Override
    public void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }
}
