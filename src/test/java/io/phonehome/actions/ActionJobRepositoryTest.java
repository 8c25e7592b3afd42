package io.phonehome.actions;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.inventory.Mac;
import io.phonehome.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Mass actions as rows claimed with {@code FOR UPDATE SKIP LOCKED} under a lease, on H2 and (in the
 * {@code postgresql} execution) on PostgreSQL: nodes never take the same item, a dead node's claim
 * is taken again after its lease, a late outcome of a lost claim is not written, and cancel stops
 * what is pending.
 */
class ActionJobRepositoryTest {
    static final Instant T0 = Instant.parse("2026-12-04T12:00:00Z");
    TestDatabase db;
    ActionJobRepository repo;

    @BeforeEach
    void open() {
        db = new TestDatabase();
        repo = new ActionJobRepository(db.database().jdbc());
    }

    @AfterEach
    void close() {
        db.close();
    }

    static List<ActionTarget> targets(int n) {
        List<ActionTarget> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            out.add(new ActionTarget(Mac.parse(String.format("0015650001%02x", i)), null));
        }
        return out;
    }

    static NotifyResult ok() {
        return new NotifyResult(NotifyResult.Outcome.ACCEPTED, 200, "OK");
    }

    @Test
    void twoNodesClaimingAtOnceNeverTakeTheSameItemAndFinishTheJob() throws Exception {
        long id = repo.create(NotifyKind.REBOOT, targets(40), "admin", "site", T0);
        Set<Long> taken = ConcurrentHashMap.newKeySet();
        List<Long> twice = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService nodes = Executors.newFixedThreadPool(4);
        CountDownLatch go = new CountDownLatch(1);
        for (int n = 0; n < 4; n++) {
            String node = "node-" + n;
            nodes.execute(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                Optional<ActionJobRepository.Claim> c;
                while ((c = repo.claim(node, T0, T0.plusSeconds(60))).isPresent()) {
                    if (!taken.add(c.get().itemId())) {
                        twice.add(c.get().itemId());
                    }
                    assertThat(repo.finish(c.get(), node, ok(), T0)).isTrue();
                }
            });
        }
        go.countDown();
        nodes.shutdown();
        assertThat(nodes.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        assertThat(twice).isEmpty();
        assertThat(taken).hasSize(40);
        ActionJob.Snapshot s = repo.snapshot(id, true).orElseThrow();
        assertThat(s.state()).isEqualTo(ActionJob.State.DONE);
        assertThat(s.outcomes()).containsEntry(NotifyResult.Outcome.ACCEPTED, 40);
        assertThat(s.results()).hasSize(40);
        assertThat(s.finishedAt()).isNotNull();
    }

    @Test
    void anItemWhoseNodeDiedIsClaimedAgainOnlyAfterItsLeaseAndTheDeadNodesLateOutcomeIsNotWritten() {
        long id = repo.create(NotifyKind.RESYNC, targets(1), "admin", "one", T0);
        ActionJobRepository.Claim dead = repo.claim("node-a", T0, T0.plusSeconds(30)).orElseThrow();
        assertThat(repo.claim("node-b", T0.plusSeconds(29), T0.plusSeconds(89))).as("the lease still holds").isEmpty();
        ActionJobRepository.Claim taken = repo.claim("node-b", T0.plusSeconds(31), T0.plusSeconds(91)).orElseThrow();
        assertThat(taken.itemId()).isEqualTo(dead.itemId());
        assertThat(repo.finish(dead, "node-a", ok(), T0.plusSeconds(32))).as("node A lost its claim").isFalse();
        assertThat(repo.snapshot(id, false).orElseThrow().state()).isEqualTo(ActionJob.State.RUNNING);
        assertThat(repo.finish(taken, "node-b", new NotifyResult(NotifyResult.Outcome.TIMED_OUT, 0, "no answer"), T0.plusSeconds(33))).isTrue();
        ActionJob.Snapshot s = repo.snapshot(id, true).orElseThrow();
        assertThat(s.state()).isEqualTo(ActionJob.State.DONE);
        assertThat(s.outcomes()).containsExactlyEntriesOf(java.util.Map.of(NotifyResult.Outcome.TIMED_OUT, 1));
    }

    @Test
    void runningJobsTakeTurnsAndCancelStopsWhatIsPending() {
        long first = repo.create(NotifyKind.REBOOT, targets(3), "admin", "first", T0);
        long second = repo.create(NotifyKind.REBOOT, targets(3), "admin", "second", T0);
        ActionJobRepository.Claim a = repo.claim("n", T0, T0.plus(Duration.ofMinutes(1))).orElseThrow();
        ActionJobRepository.Claim b = repo.claim("n", T0, T0.plus(Duration.ofMinutes(1))).orElseThrow();
        assertThat(List.of(a.jobId(), b.jobId())).containsExactly(first, second);

        assertThat(repo.cancel(first, T0)).isTrue();
        assertThat(repo.cancel(first, T0)).as("already ended").isFalse();
        ActionJob.Snapshot s = repo.snapshot(first, false).orElseThrow();
        assertThat(s.state()).isEqualTo(ActionJob.State.CANCELLED);
        assertThat(s.cancelled()).isEqualTo(2);
        assertThat(s.inFlight()).isEqualTo(1);
        assertThat(s.finishedAt()).as("its in-flight device is still out").isNull();
        assertThat(repo.finish(a, "n", ok(), T0)).isTrue();
        assertThat(repo.snapshot(first, false).orElseThrow().finishedAt()).isNotNull();

        List<Long> rest = new ArrayList<>();
        Optional<ActionJobRepository.Claim> c;
        while ((c = repo.claim("n", T0, T0.plusSeconds(60))).isPresent()) {
            rest.add(c.get().jobId());
            repo.finish(c.get(), "n", ok(), T0);
        }
        assertThat(rest).containsOnly(second).hasSize(2);
        assertThat(repo.finish(b, "n", ok(), T0)).isTrue();
        assertThat(repo.snapshot(second, false).orElseThrow().state()).isEqualTo(ActionJob.State.DONE);
        assertThat(repo.create(NotifyKind.RESYNC, List.of(), "admin", "nothing", T0)).satisfies(
                empty -> assertThat(repo.snapshot(empty, false).orElseThrow().state()).isEqualTo(ActionJob.State.DONE));
    }
}
