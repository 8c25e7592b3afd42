package io.phonehome.media;

import java.util.Optional;

/**
 * One kind of number Phonehome answers itself (the IVR menus, the mailboxes, the hot-desk login,
 * read-back): asked by the SIP edge for every call a provisioned line places, in the order the
 * directories were added; the first one that answers with a script takes the call.
 */
public interface ServiceDirectory {
    /**
     * The script for {@code dialled} as {@code caller} dialled it, or empty when it is not one of
     * this directory's numbers. Called on the SIP thread for every INVITE: cheap when it is not.
     */
    Optional<Answer> answer(Caller caller, String dialled);

    /**
     * A script, and the codecs its audio needs: {@code recordsSpeech} keeps the offer to G.711
     * (what a recording is decoded from), otherwise G.722 is welcome too.
     */
    record Answer(CallScript script, boolean recordsSpeech) {
        public static Answer of(CallScript script) {
            return new Answer(script, false);
        }
    }
}
