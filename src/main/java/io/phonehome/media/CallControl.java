package io.phonehome.media;

import java.util.List;

/**
 * What a {@link CallScript} can do with its call. Every action is asynchronous and safe on a call
 * that has ended (it then does nothing): a script never has to ask first.
 */
public interface CallControl {
    /** The line at the other end: the caller of an answered call, the called line of a placed one. */
    Caller party();

    /** The number that was dialled to reach the script (for a placed call, the called extension). */
    String dialled();

    /**
     * Plays the clips one after the other, replacing what was playing; {@code finished} runs when
     * the last one has been sent to the end (not when it was cut short by another play, by
     * {@link #stopPlaying()} or by the end of the call).
     */
    void play(List<Clip> clips, Runnable finished);

    /** Stops what plays, at once (a key pressed during a prompt cuts it short). */
    void stopPlaying();

    /**
     * Records what the caller says, decoded to 8 kHz PCM, into {@code into}; {@code full} runs if
     * its length limit is reached. Playing and recording may overlap (a prompt cut short by speech
     * is the caller's choice), but usually the beep is played first.
     */
    void record(WavRecording into, Runnable full);

    /** Stops recording and hands back what was being recorded (null when nothing was). */
    WavRecording stopRecording();

    /** Runs {@code task} after {@code millis} in the call's order of events, unless the call ended or it was cancelled. */
    Cancellable after(long millis, Runnable task);

    /**
     * Hands the caller over to {@code extension}: a blind transfer (RFC 3515 REFER to the caller,
     * whose phone then calls the extension itself, so Phonehome carries no media for the rest of
     * the call). The call ends here once the phone accepted the REFER; if it refused it, the script
     * is told through {@code refused}.
     */
    void transfer(String extension, Runnable refused);

    /** Ends the call (BYE). */
    void hangUp();

    /** Whether the call is still up. */
    boolean active();

    /** A scheduled task that can be called off. */
    interface Cancellable {
        void cancel();
    }
}
