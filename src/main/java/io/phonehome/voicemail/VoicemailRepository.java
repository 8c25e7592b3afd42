package io.phonehome.voicemail;

import io.phonehome.store.Jdbc;
import io.phonehome.store.Table;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * The rows of {@code voicemail_messages} (one per complete voice message) and {@code voicemail_boxes},
 * both keyed by {@link MailboxId}: the customer and the extension in its extension space (V8_14).
 */
public final class VoicemailRepository {
    private static final String MESSAGE = "SELECT id, customer_id, extension, caller, started_at, duration_ms, state, file_name FROM voicemail_messages ";

    private final Jdbc jdbc;
    private volatile Long defaultCustomer;

    public VoicemailRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    private static VoiceMessage message(ResultSet rs) throws SQLException {
        return new VoiceMessage(rs.getLong("id"), new MailboxId(rs.getLong("customer_id"), rs.getString("extension")), rs.getString("caller"),
                Jdbc.instant(rs, "started_at"), rs.getLong("duration_ms"), rs.getString("state"), rs.getString("file_name"));
    }

    /** The default customer's id (its boxes keep the folders they had before customers). */
    long defaultCustomer() {
        Long d = defaultCustomer;
        if (d == null) {
            d = jdbc.queryLong("SELECT id FROM customers WHERE slug = 'default'");
            defaultCustomer = d;
        }
        return d;
    }

    long insert(MailboxId box, String caller, Instant startedAt, long durationMillis, String fileName) {
        return jdbc.insert(Table.VOICEMAIL_MESSAGES,
                "INSERT INTO voicemail_messages (customer_id, extension, caller, started_at, duration_ms, state, file_name) VALUES (?,?,?,?,?,'new',?)",
                box.customerId(), box.extension(), caller, startedAt, durationMillis, fileName);
    }

    long count(MailboxId box) {
        return jdbc.queryLong("SELECT COUNT(*) FROM voicemail_messages WHERE customer_id = ? AND extension = ?", box.customerId(), box.extension());
    }

    long count(MailboxId box, String state) {
        return jdbc.queryLong("SELECT COUNT(*) FROM voicemail_messages WHERE customer_id = ? AND extension = ? AND state = ?",
                box.customerId(), box.extension(), state);
    }

    List<VoiceMessage> list(MailboxId box) {
        return jdbc.query(MESSAGE + "WHERE customer_id = ? AND extension = ? ORDER BY started_at, id", VoicemailRepository::message,
                box.customerId(), box.extension());
    }

    java.util.Optional<VoiceMessage> find(MailboxId box, long id) {
        return jdbc.queryOne(MESSAGE + "WHERE customer_id = ? AND extension = ? AND id = ?", VoicemailRepository::message,
                box.customerId(), box.extension(), id);
    }

    boolean delete(MailboxId box, long id) {
        return jdbc.update(Table.VOICEMAIL_MESSAGES, "DELETE FROM voicemail_messages WHERE customer_id = ? AND extension = ? AND id = ?",
                box.customerId(), box.extension(), id) > 0;
    }

    /** Messages of boxes that are no longer a line of their customer. */
    List<VoiceMessage> orphans() {
        return jdbc.query(MESSAGE + "v WHERE NOT EXISTS (SELECT 1 FROM lines l WHERE l.customer_id = v.customer_id AND l.extension = v.extension)",
                VoicemailRepository::message);
    }

    List<MailboxId> boxesWithMessages() {
        return jdbc.query("SELECT DISTINCT customer_id, extension FROM voicemail_messages",
                rs -> new MailboxId(rs.getLong(1), rs.getString(2)));
    }

    /** Every box with a row or messages outside the default customer (their folders may still be where V8_14 found them). */
    List<MailboxId> boxesOfOtherCustomers() {
        long def = defaultCustomer();
        return jdbc.query("SELECT customer_id, extension FROM voicemail_boxes WHERE customer_id <> ? "
                        + "UNION SELECT customer_id, extension FROM voicemail_messages WHERE customer_id <> ?",
                rs -> new MailboxId(rs.getLong(1), rs.getString(2)), def, def);
    }

    /** Whether the default customer has a box row or messages for {@code extension}. */
    boolean defaultCustomerHasBox(String extension) {
        long def = defaultCustomer();
        return jdbc.queryLong("SELECT COUNT(*) FROM voicemail_boxes WHERE customer_id = ? AND extension = ?", def, extension)
                + jdbc.queryLong("SELECT COUNT(*) FROM voicemail_messages WHERE customer_id = ? AND extension = ?", def, extension) > 0;
    }

    boolean setState(MailboxId box, long id, String state) {
        return jdbc.update(Table.VOICEMAIL_MESSAGES, "UPDATE voicemail_messages SET state = ? WHERE customer_id = ? AND extension = ? AND id = ?",
                state, box.customerId(), box.extension(), id) > 0;
    }

    // ------------------------------------------------------------------ voicemail_boxes

    /** A box's own row: PIN hash (null when none is set), own phone without PIN, the line's forwarding overrides (null: the settings'). */
    record Box(MailboxId id, String pinHash, boolean ownPhoneNoPin, Boolean onBusy, Integer noAnswerSeconds) {
        static Box none(MailboxId id) {
            return new Box(id, null, false, null, null);
        }
    }

    Box box(MailboxId id) {
        return jdbc.queryOne("SELECT pin_hash, own_phone_no_pin, on_busy, no_answer_seconds FROM voicemail_boxes WHERE customer_id = ? AND extension = ?",
                rs -> new Box(id, rs.getString("pin_hash"), rs.getBoolean("own_phone_no_pin"),
                        rs.getObject("on_busy") == null ? null : rs.getBoolean("on_busy"), Jdbc.nullableInt(rs, "no_answer_seconds")),
                id.customerId(), id.extension()).orElse(Box.none(id));
    }

    /** Writes a box's row whole (update, or insert when it has none yet: standard SQL on both databases). */
    void saveBox(Box b, java.time.Instant pinSetAt) {
        long customer = b.id().customerId();
        String extension = b.id().extension();
        jdbc.inTransaction(() -> {
            int n = pinSetAt == null
                    ? jdbc.update(Table.VOICEMAIL_BOXES, "UPDATE voicemail_boxes SET pin_hash = ?, own_phone_no_pin = ?, on_busy = ?, "
                    + "no_answer_seconds = ? WHERE customer_id = ? AND extension = ?", b.pinHash(), b.ownPhoneNoPin(), b.onBusy(), b.noAnswerSeconds(),
                    customer, extension)
                    : jdbc.update(Table.VOICEMAIL_BOXES, "UPDATE voicemail_boxes SET pin_hash = ?, pin_set_at = ?, own_phone_no_pin = ?, "
                    + "on_busy = ?, no_answer_seconds = ? WHERE customer_id = ? AND extension = ?", b.pinHash(), pinSetAt, b.ownPhoneNoPin(), b.onBusy(),
                    b.noAnswerSeconds(), customer, extension);
            if (n == 0) {
                jdbc.update(Table.VOICEMAIL_BOXES, "INSERT INTO voicemail_boxes (customer_id, extension, pin_hash, pin_set_at, own_phone_no_pin, "
                        + "on_busy, no_answer_seconds) VALUES (?,?,?,?,?,?,?)", customer, extension, b.pinHash(), pinSetAt, b.ownPhoneNoPin(),
                        b.onBusy(), b.noAnswerSeconds());
            }
        });
    }

    /** Deletes the box rows that are no longer a line of their customer; their keys. */
    List<MailboxId> dropOrphanBoxes() {
        List<MailboxId> gone = jdbc.query("SELECT customer_id, extension FROM voicemail_boxes v "
                        + "WHERE NOT EXISTS (SELECT 1 FROM lines l WHERE l.customer_id = v.customer_id AND l.extension = v.extension)",
                rs -> new MailboxId(rs.getLong(1), rs.getString(2)));
        for (MailboxId b : gone) {
            jdbc.update(Table.VOICEMAIL_BOXES, "DELETE FROM voicemail_boxes WHERE customer_id = ? AND extension = ? "
                    + "AND NOT EXISTS (SELECT 1 FROM lines l WHERE l.customer_id = ? AND l.extension = ?)",
                    b.customerId(), b.extension(), b.customerId(), b.extension());
        }
        return gone;
    }

    boolean lineExists(MailboxId box) {
        return jdbc.queryLong("SELECT COUNT(*) FROM lines WHERE customer_id = ? AND extension = ?", box.customerId(), box.extension()) > 0;
    }
}
