package io.phonehome.media;

import java.util.Optional;

/**
 * One RFC 4733 telephone-event payload (section 2.3): the event code, the end bit, the volume
 * and the duration so far in timestamp units. Only the DTMF events (0 to 16: digits, *, #, A to D
 * and flash) mean anything to Phonehome.
 */
public record TelephoneEvent(int event, boolean end, int volume, int duration) {
    public static final int PAYLOAD_BYTES = 4;
    private static final String DTMF = "0123456789*#ABCD";
    /** Event 16 is hook flash, written '!' as SIP INFO dtmf-relay bodies spell it. */
    public static final char FLASH = '!';

    public TelephoneEvent {
        if (event < 0 || event > 255 || volume < 0 || volume > 63 || duration < 0 || duration > 0xFFFF) {
            throw new IllegalArgumentException("telephone-event field out of range");
        }
    }

    public static Outcome<TelephoneEvent> parse(byte[] payload) {
        if (payload.length < PAYLOAD_BYTES) {
            return Outcome.refused("telephone-event payload shorter than 4 bytes");
        }
        return Outcome.ok(new TelephoneEvent(payload[0] & 0xFF, (payload[1] & 0x80) != 0, payload[1] & 0x3F,
                ((payload[2] & 0xFF) << 8) | (payload[3] & 0xFF)));
    }

    public byte[] toBytes() {
        return new byte[] {(byte) event, (byte) ((end ? 0x80 : 0) | volume), (byte) (duration >>> 8), (byte) duration};
    }

    /** The DTMF key of this event, if it is one. */
    public Optional<Character> key() {
        return keyOf(event);
    }

    static Optional<Character> keyOf(int event) {
        if (event < DTMF.length()) {
            return Optional.of(DTMF.charAt(event));
        }
        return event == 16 ? Optional.of(FLASH) : Optional.empty();
    }

    /** The event code of a DTMF key ('0'-'9', '*', '#', 'A'-'D', '!'), or -1. */
    static int eventOf(char key) {
        if (key == FLASH) {
            return 16;
        }
        return DTMF.indexOf(Character.toUpperCase(key));
    }
}
