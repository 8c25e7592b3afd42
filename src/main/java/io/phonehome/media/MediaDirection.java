package io.phonehome.media;

import java.util.List;

/** The direction attributes of RFC 4566 section 6 and how an answer mirrors them (RFC 3264 section 6.1). */
public enum MediaDirection {
    SENDRECV("sendrecv"),
    SENDONLY("sendonly"),
    RECVONLY("recvonly"),
    INACTIVE("inactive");

    private final String attribute;

    MediaDirection(String attribute) {
        this.attribute = attribute;
    }

    public String attribute() {
        return attribute;
    }

    /** What the answerer says to an offer in this direction: its mirror image. */
    public MediaDirection mirrored() {
        return switch (this) {
            case SENDONLY -> RECVONLY;
            case RECVONLY -> SENDONLY;
            default -> this;
        };
    }

    public boolean sends() {
        return this == SENDRECV || this == SENDONLY;
    }

    public boolean receives() {
        return this == SENDRECV || this == RECVONLY;
    }

    /** The direction a media description states, else its session's, else sendrecv (the default). */
    static MediaDirection of(List<Sdp.Attribute> media, List<Sdp.Attribute> session) {
        for (List<Sdp.Attribute> level : List.of(media, session)) {
            for (Sdp.Attribute a : level) {
                for (MediaDirection d : values()) {
                    if (a.name().equals(d.attribute) && a.value().isEmpty()) {
                        return d;
                    }
                }
            }
        }
        return SENDRECV;
    }
}
