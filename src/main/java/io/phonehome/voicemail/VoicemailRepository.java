package io.phonehome.voicemail;

import io.phonehome.store.Jdbc;
import io.phonehome.store.Table;
import java.time.Instant;
import java.util.List;

/** The rows of {@code voicemail_messages}: one per complete voice message. */
public final class VoicemailRepository {
    private final Jdbc jdbc;

    public VoicemailRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    long insert(String extension, String caller, Instant startedAt, long durationMillis, String fileName) {
        return jdbc.insert(Table.VOICEMAIL_MESSAGES,
                "INSERT INTO voicemail_messages (extension, caller, started_at, duration_ms, state, file_name) VALUES (?,?,?,?,'new',?)",
                extension, caller, startedAt, durationMillis, fileName);
    }

    long count(String extension) {
        return jdbc.queryLong("SELECT COUNT(*) FROM voicemail_messages WHERE extension = ?", extension);
    }

    long count(String extension, String state) {
        return jdbc.queryLong("SELECT COUNT(*) FROM voicemail_messages WHERE extension = ? AND state = ?", extension, state);
    }

    List<VoiceMessage> list(String extension) {
        return jdbc.query("SELECT id, extension, caller, started_at, duration_ms, state, file_name FROM voicemail_messages "
                        + "WHERE extension = ? ORDER BY started_at, id",
                rs -> new VoiceMessage(rs.getLong("id"), rs.getString("extension"), rs.getString("caller"), Jdbc.instant(rs, "started_at"),
                        rs.getLong("duration_ms"), rs.getString("state"), rs.getString("file_name")), extension);
    }

    java.util.Optional<VoiceMessage> find(String extension, long id) {
        return jdbc.queryOne("SELECT id, extension, caller, started_at, duration_ms, state, file_name FROM voicemail_messages "
                        + "WHERE extension = ? AND id = ?",
                rs -> new VoiceMessage(rs.getLong("id"), rs.getString("extension"), rs.getString("caller"), Jdbc.instant(rs, "started_at"),
                        rs.getLong("duration_ms"), rs.getString("state"), rs.getString("file_name")), extension, id);
    }

    boolean delete(String extension, long id) {
        return jdbc.update(Table.VOICEMAIL_MESSAGES, "DELETE FROM voicemail_messages WHERE extension = ? AND id = ?", extension, id) > 0;
    }

    /** Messages of extensions that are no longer a line. */
    List<VoiceMessage> orphans() {
        return jdbc.query("SELECT id, extension, caller, started_at, duration_ms, state, file_name FROM voicemail_messages v "
                        + "WHERE NOT EXISTS (SELECT 1 FROM lines l WHERE l.extension = v.extension)",
                rs -> new VoiceMessage(rs.getLong("id"), rs.getString("extension"), rs.getString("caller"), Jdbc.instant(rs, "started_at"),
                        rs.getLong("duration_ms"), rs.getString("state"), rs.getString("file_name")));
    }

    List<String> extensionsWithMessages() {
        return jdbc.query("SELECT DISTINCT extension FROM voicemail_messages", rs -> rs.getString(1));
    }

    boolean setState(String extension, long id, String state) {
        return jdbc.update(Table.VOICEMAIL_MESSAGES, "UPDATE voicemail_messages SET state = ? WHERE extension = ? AND id = ?", state, extension, id) > 0;
    }

    // ------------------------------------------------------------------ voicemail_boxes

    /** A box's own row: PIN hash (null when none is set), own phone without PIN, the line's forwarding overrides (null: the settings'). */
    record Box(String extension, String pinHash, boolean ownPhoneNoPin, Boolean onBusy, Integer noAnswerSeconds) {
        static Box none(String extension) {
            return new Box(extension, null, false, null, null);
        }
    }

    Box box(String extension) {
        return jdbc.queryOne("SELECT extension, pin_hash, own_phone_no_pin, on_busy, no_answer_seconds FROM voicemail_boxes WHERE extension = ?",
                rs -> new Box(rs.getString("extension"), rs.getString("pin_hash"), rs.getBoolean("own_phone_no_pin"),
                        rs.getObject("on_busy") == null ? null : rs.getBoolean("on_busy"), Jdbc.nullableInt(rs, "no_answer_seconds")),
                extension).orElse(Box.none(extension));
    }

    /** Writes a box's row whole (update, or insert when it has none yet: standard SQL on both databases). */
    void saveBox(Box b, java.time.Instant pinSetAt) {
        jdbc.inTransaction(() -> {
            int n = pinSetAt == null
                    ? jdbc.update(Table.VOICEMAIL_BOXES, "UPDATE voicemail_boxes SET pin_hash = ?, own_phone_no_pin = ?, on_busy = ?, "
                    + "no_answer_seconds = ? WHERE extension = ?", b.pinHash(), b.ownPhoneNoPin(), b.onBusy(), b.noAnswerSeconds(), b.extension())
                    : jdbc.update(Table.VOICEMAIL_BOXES, "UPDATE voicemail_boxes SET pin_hash = ?, pin_set_at = ?, own_phone_no_pin = ?, "
                    + "on_busy = ?, no_answer_seconds = ? WHERE extension = ?", b.pinHash(), pinSetAt, b.ownPhoneNoPin(), b.onBusy(),
                    b.noAnswerSeconds(), b.extension());
            if (n == 0) {
                jdbc.update(Table.VOICEMAIL_BOXES, "INSERT INTO voicemail_boxes (extension, pin_hash, pin_set_at, own_phone_no_pin, on_busy, "
                        + "no_answer_seconds) VALUES (?,?,?,?,?,?)", b.extension(), b.pinHash(), pinSetAt, b.ownPhoneNoPin(), b.onBusy(),
                        b.noAnswerSeconds());
            }
        });
    }

    /** Deletes the box rows of extensions that are no longer a line; their extensions. */
    List<String> dropOrphanBoxes() {
        List<String> gone = jdbc.query("SELECT extension FROM voicemail_boxes v WHERE NOT EXISTS (SELECT 1 FROM lines l WHERE l.extension = v.extension)",
                rs -> rs.getString(1));
        for (String e : gone) {
            jdbc.update(Table.VOICEMAIL_BOXES, "DELETE FROM voicemail_boxes WHERE extension = ? "
                    + "AND NOT EXISTS (SELECT 1 FROM lines l WHERE l.extension = ?)", e, e);
        }
        return gone;
    }

    boolean lineExists(String extension) {
        return jdbc.queryLong("SELECT COUNT(*) FROM lines WHERE extension = ?", extension) > 0;
    }
}
