package io.phonehome.phones;

/** Whether a requested file belongs to one device (and may carry its secrets) or is common to a model/vendor. */
public enum FileKind {
    /** Per-MAC: served only to a requester that proves it is that device. */
    DEVICE,
    /** Common to a model or the vendor: holds no secret, served to anyone. */
    COMMON
}
