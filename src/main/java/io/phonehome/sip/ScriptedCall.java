package io.phonehome.sip;

import io.phonehome.media.CallControl;
import io.phonehome.media.CallScript;
import io.phonehome.media.Caller;
import io.phonehome.media.Clip;
import io.phonehome.media.MediaStream;
import io.phonehome.media.WavRecording;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A {@link CallScript}'s view of one service call: its actions go to the call's media stream and
 * dialog, and every event for the script (answered, keys, timers, played-to-the-end, the end) is
 * put in the call's {@link CallSequence}, so the script sees them one at a time and in order.
 */
final class ScriptedCall implements CallControl {
    /** What the dialog side does for a script: hand over by REFER, hang up. */
    interface Dialog {
        void refer(String extension, Runnable refused);

        void hangUp();
    }

    private final CallScript script;
    private final Caller party;
    private final String dialled;
    private final MediaStream stream;
    private final Dialog dialog;
    private final CallSequence sequence;
    private final ScheduledExecutorService timers;
    private volatile boolean active = true;
    private volatile boolean answered;

    ScriptedCall(CallScript script, Caller party, String dialled, MediaStream stream, Dialog dialog, CallSequence sequence,
                 ScheduledExecutorService timers) {
        this.script = script;
        this.party = party;
        this.dialled = dialled;
        this.stream = stream;
        this.dialog = dialog;
        this.sequence = sequence;
        this.timers = timers;
        stream.echo(false);
        stream.listen(key -> sequence.execute(() -> {
            if (active && answered) {
                script.digit(this, key);
            }
        }));
    }

    /** The call is up: the script begins (once). */
    void answered() {
        sequence.execute(() -> {
            if (active && !answered) {
                answered = true;
                script.answered(this);
            }
        });
    }

    /** A key from SIP INFO: the same path as RFC 4733's. */
    void infoDigit(char key) {
        sequence.execute(() -> {
            if (active && answered) {
                script.digit(this, key);
            }
        });
    }

    /** The call ended: the script hears of it once, and every later action does nothing. */
    void ended(String why) {
        sequence.execute(() -> {
            if (!active) {
                return;
            }
            active = false;
            script.ended(this, why); // may take its recording back with stopRecording()
            WavRecording r = stream.stopRecording();
            if (r != null) {
                r.discard(); // a recording the script did not take back is not kept
            }
        });
    }

    @Override
    public Caller party() {
        return party;
    }

    @Override
    public String dialled() {
        return dialled;
    }

    @Override
    public void play(List<Clip> clips, Runnable finished) {
        if (!active) {
            return;
        }
        stream.play(List.copyOf(clips), finished == null ? null : () -> sequence.execute(() -> {
            if (active) {
                finished.run();
            }
        }));
    }

    @Override
    public void stopPlaying() {
        stream.stopPlaying();
    }

    @Override
    public void record(WavRecording into, Runnable full) {
        if (!active) {
            into.discard();
            return;
        }
        stream.record(into, () -> sequence.execute(() -> {
            if (active && full != null) {
                full.run();
            }
        }));
    }

    @Override
    public WavRecording stopRecording() {
        return stream.stopRecording();
    }

    @Override
    public Cancellable after(long millis, Runnable task) {
        if (!active) {
            return () -> { };
        }
        ScheduledFuture<?> f = timers.schedule(() -> sequence.execute(() -> {
            if (active) {
                task.run();
            }
        }), millis, TimeUnit.MILLISECONDS);
        return () -> f.cancel(false);
    }

    @Override
    public void transfer(String extension, Runnable refused) {
        if (active) {
            stream.stopPlaying();
            dialog.refer(extension, () -> sequence.execute(() -> {
                if (active && refused != null) {
                    refused.run();
                }
            }));
        }
    }

    @Override
    public void hangUp() {
        if (active) {
            dialog.hangUp();
        }
    }

    @Override
    public boolean active() {
        return active;
    }
}
