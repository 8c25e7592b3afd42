package io.phonehome.actions;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.events.Event;
import io.phonehome.inventory.Mac;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The runner driven tick by tick (no clock, no sleeping): pacing, round-robin, cancel, events. */
class ActionRunnerTest {
    /** Records every NOTIFY; answers ACCEPTED except for MACs ending in 'ff'. */
    static final class RecordingNotifier implements DeviceNotifier {
        final List<String> calls = Collections.synchronizedList(new ArrayList<>());

        @Override
        public NotifyResult notify(Mac mac, NotifyKind kind) {
            calls.add(kind + " " + mac.hex());
            if (mac.hex().endsWith("ff")) {
                return new NotifyResult(NotifyResult.Outcome.TIMED_OUT, 0, "no answer in 32 s");
            }
            return new NotifyResult(NotifyResult.Outcome.ACCEPTED, 200, "OK");
        }
    }

    /** Runs each task on the caller's thread, so a tick completes its notification. */
    static final class DirectExecutor extends AbstractExecutorService {
        @Override
        public void execute(Runnable command) {
            command.run();
        }

        @Override
        public void shutdown() {
        }

        @Override
        public List<Runnable> shutdownNow() {
            return List.of();
        }

        @Override
        public boolean isShutdown() {
            return false;
        }

        @Override
        public boolean isTerminated() {
            return false;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return true;
        }
    }

    final RecordingNotifier notifier = new RecordingNotifier();
    final List<Event> events = Collections.synchronizedList(new ArrayList<>());
    final ActionRunner runner = new ActionRunner(notifier, events::add, Clock.systemUTC(), new DirectExecutor(), null, 5);

    static List<ActionTarget> targets(String... macs) {
        List<ActionTarget> out = new ArrayList<>();
        for (String m : macs) {
            out.add(new ActionTarget(Mac.parse(m), 7L));
        }
        return out;
    }

    @Test
    void eachTickStartsOneDeviceAndProgressIsVisibleWhileItRuns() {
        ActionJob job = runner.start(NotifyKind.REBOOT, targets("001565000001", "001565000002", "0015650000ff"), "tech-anna", "site 7");
        assertThat(job.snapshot(false).state()).isEqualTo(ActionJob.State.RUNNING);
        assertThat(notifier.calls).isEmpty();
        runner.tick();
        ActionJob.Snapshot s = job.snapshot(false);
        assertThat(s.pending()).isEqualTo(2);
        assertThat(s.outcomes()).containsEntry(NotifyResult.Outcome.ACCEPTED, 1);
        runner.tick();
        runner.tick();
        s = job.snapshot(true);
        assertThat(s.state()).isEqualTo(ActionJob.State.DONE);
        assertThat(s.finishedAt()).isNotNull();
        assertThat(s.outcomes()).containsEntry(NotifyResult.Outcome.ACCEPTED, 2).containsEntry(NotifyResult.Outcome.TIMED_OUT, 1);
        assertThat(s.results()).extracting(ActionJob.Result::mac).containsExactly("00:15:65:00:00:01", "00:15:65:00:00:02", "00:15:65:00:00:ff");
        assertThat(notifier.calls).containsExactly("REBOOT 001565000001", "REBOOT 001565000002", "REBOOT 0015650000ff");
        runner.tick();
        assertThat(notifier.calls).hasSize(3);
    }

    @Test
    void everyOutcomeIsAnEventWithTheDeviceSiteAndWhoAsked() {
        ActionJob job = runner.start(NotifyKind.RESYNC, targets("001565000001", "0015650000ff"), "tech-anna", "selection");
        runner.tick();
        runner.tick();
        assertThat(events).hasSize(2);
        assertThat(events.get(0).type()).isEqualTo("action");
        assertThat(events.get(0).outcome()).isEqualTo("accepted");
        assertThat(events.get(0).mac()).isEqualTo("001565000001");
        assertThat(events.get(0).siteId()).isEqualTo(7L);
        assertThat(events.get(0).source()).isEqualTo("tech-anna");
        assertThat(events.get(0).detail()).isEqualTo("resync 200: OK (action " + job.id() + ")");
        assertThat(events.get(1).outcome()).isEqualTo("timed_out");
    }

    @Test
    void aCancelledJobNeverNotifiesItsRemainingDevices() {
        ActionJob job = runner.start(NotifyKind.REBOOT, targets("001565000001", "001565000002", "001565000003"), "admin", "site 7");
        runner.tick();
        assertThat(runner.cancel(job.id())).isTrue();
        runner.tick();
        runner.tick();
        ActionJob.Snapshot s = job.snapshot(false);
        assertThat(s.state()).isEqualTo(ActionJob.State.CANCELLED);
        assertThat(s.cancelled()).isEqualTo(2);
        assertThat(s.finishedAt()).isNotNull();
        assertThat(notifier.calls).containsExactly("REBOOT 001565000001");
        assertThat(runner.cancel(job.id())).as("already ended").isFalse();
    }

    @Test
    void runningJobsShareThePaceRoundRobin() {
        ActionJob a = runner.start(NotifyKind.REBOOT, targets("0015650000a1", "0015650000a2", "0015650000a3"), "x", "site a");
        ActionJob b = runner.start(NotifyKind.REBOOT, targets("0015650000b1", "0015650000b2"), "x", "site b");
        for (int i = 0; i < 4; i++) {
            runner.tick();
        }
        assertThat(notifier.calls).containsExactly("REBOOT 0015650000a1", "REBOOT 0015650000b1", "REBOOT 0015650000a2", "REBOOT 0015650000b2");
        assertThat(a.snapshot(false).pending()).isEqualTo(1);
        assertThat(b.snapshot(false).state()).isEqualTo(ActionJob.State.DONE);
    }

    @Test
    void aNotifierThatThrowsBecomesAnErrorOutcomeNotADeadJob() {
        ActionRunner broken = new ActionRunner((mac, kind) -> {
            throw new IllegalStateException("boom");
        }, events::add, Clock.systemUTC(), new DirectExecutor(), null, 5);
        ActionJob job = broken.start(NotifyKind.RESYNC, targets("001565000001"), "x", "one");
        broken.tick();
        assertThat(job.snapshot(false).outcomes()).containsEntry(NotifyResult.Outcome.ERROR, 1);
        assertThat(job.snapshot(false).state()).isEqualTo(ActionJob.State.DONE);
    }

    @Test
    void withoutTheSipCoreEveryDeviceIsHonestlyNotRegistered() {
        NotifyResult r = new UnregisteredNotifier().notify(Mac.parse("001565000001"), NotifyKind.REBOOT);
        assertThat(r.outcome()).isEqualTo(NotifyResult.Outcome.NOT_REGISTERED);
        assertThat(r.accepted()).isFalse();
    }
}
