package io.phonehome.store;

/**
 * The tables of the schema, as a write names them: every {@link Jdbc} write says which table it
 * writes, so the in-memory views that {@linkplain Jdbc#onCommittedWrite watch} a table learn of
 * each committed write from the write itself, not from the SQL text. A migration that adds a
 * table adds it here.
 */
public enum Table {
    ANNOUNCEMENTS,
    API_TOKENS,
    AUDIT_LOG,
    CONFIG_REVISIONS,
    CONTACTS,
    DECT_BASE_LINKS,
    DEVICE_KEY_PROFILES,
    DEVICE_KEYS,
    DEVICES,
    EVENTS,
    FIRMWARE_CAMPAIGN_DEVICES,
    FIRMWARE_CAMPAIGNS,
    FIRMWARE_TARGETS,
    HANDSET_LINES,
    HANDSETS,
    HOTDESK_DESKS,
    HOTDESK_LOGINS,
    HOTDESK_PINS,
    IVR_MENUS,
    KEY_PROFILE_KEYS,
    KEY_PROFILES,
    LINES,
    PHONEBOOK_SITES,
    SERVED_FILES,
    SETTING_VALUES,
    SHARED_SECRETS,
    SIP_BINDINGS,
    SITES,
    VOICEMAIL_BOXES,
    VOICEMAIL_MESSAGES,
    COMMISSIONING_RUNS,
    COMMISSIONING_LINES,
    CUSTOMERS,
    // cluster-sip (issue 16): node membership and the relay secret
    NODES,
    CLUSTER_SECRET,
    ACTION_JOBS,
    ACTION_JOB_ITEMS,
    // the web console (issue 18)
    CONSOLE_ACCOUNTS
}
