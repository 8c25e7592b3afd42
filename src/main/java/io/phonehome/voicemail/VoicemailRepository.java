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

    boolean lineExists(String extension) {
        return jdbc.queryLong("SELECT COUNT(*) FROM lines WHERE extension = ?", extension) > 0;
    }
}
