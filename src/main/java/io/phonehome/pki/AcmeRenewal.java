package io.phonehome.pki;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps an ACME certificate fresh: every {@code checkEvery} it orders a new one when the
 * presented certificate is not yet an ACME one (the first order failed) or expires within
 * {@code renewBefore}, and installs it in the listeners' {@link ServerKeys}. A failed order keeps
 * the current certificate and is tried again at the next check.
 */
public final class AcmeRenewal implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AcmeRenewal.class);

    /** An order's outcome: {@code issued} with the expiry, or failed with the reason. */
    public record Outcome(boolean issued, String detail) {
    }

    private final AcmeIssuer issuer;
    private final ServerKeys keys;
    private final Duration renewBefore;
    private final Clock clock;
    private final Consumer<Outcome> report;
    private volatile boolean presentingAcme;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "acme-renewal");
        t.setDaemon(true);
        return t;
    });

    private AcmeRenewal(AcmeIssuer issuer, ServerKeys keys, boolean presentingAcme, Duration renewBefore, Clock clock, Consumer<Outcome> report) {
        this.issuer = issuer;
        this.keys = keys;
        this.presentingAcme = presentingAcme;
        this.renewBefore = renewBefore;
        this.clock = clock;
        this.report = report;
    }

    /**
     * The certificate to start with: the stored ACME certificate when it is not due for renewal,
     * else a new order now, else (the order failed, reported) {@code fallback}; then the checks.
     * With tls-alpn-01 that first order waits for {@link #listenersStarted()}.
     */
    public static AcmeRenewal start(AcmeIssuer issuer, CertifiedKey fallback, Duration renewBefore, Duration checkEvery, Clock clock,
                                    Consumer<Outcome> report) {
        CertifiedKey stored = issuer.stored(clock.instant()).filter(k -> k.notAfter().isAfter(clock.instant().plus(renewBefore))).orElse(null);
        ServerKeys keys = ServerKeys.fixed(stored != null ? stored : fallback);
        AcmeRenewal renewal = new AcmeRenewal(issuer, keys, stored != null, renewBefore, clock, report);
        if (stored == null && !issuer.answersOnTheListeners()) {
            renewal.check();
        }
        renewal.timer.scheduleWithFixedDelay(renewal::check, checkEvery.toMillis(), checkEvery.toMillis(), TimeUnit.MILLISECONDS);
        return renewal;
    }

    /**
     * The listeners are up: with tls-alpn-01, whose challenge they answer, the first order (when
     * no stored certificate serves) starts now, in the background, rather than before they listen.
     */
    public void listenersStarted() {
        if (issuer.answersOnTheListeners() && !presentingAcme) {
            timer.execute(this::check);
        }
    }

    public ServerKeys keys() {
        return keys;
    }

    /** Orders and installs a certificate when one is due. */
    void check() {
        if (presentingAcme && keys.current().notAfter().isAfter(clock.instant().plus(renewBefore))) {
            return;
        }
        Outcome outcome;
        try {
            CertifiedKey issued = issuer.order(keys);
            keys.install(issued);
            presentingAcme = true;
            outcome = new Outcome(true, "serving " + issued.leaf().getSubjectX500Principal() + " issued by "
                    + issued.leaf().getIssuerX500Principal() + ", expires " + issued.notAfter());
        } catch (PkiException | IllegalStateException | IllegalArgumentException e) {
            outcome = new Outcome(false, e.getMessage() + "; still serving " + keys.current().leaf().getSubjectX500Principal()
                    + " (expires " + keys.current().notAfter() + ")");
            log.warn("{}", outcome.detail());
        }
        try {
            report.accept(outcome);
        } catch (RuntimeException e) {
            log.warn("could not report an ACME order: {}", e.toString());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
