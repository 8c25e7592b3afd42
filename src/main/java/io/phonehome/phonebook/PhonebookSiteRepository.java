package io.phonehome.phonebook;

import io.phonehome.store.Jdbc;
import io.phonehome.store.Table;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.HashMap;

/** The rows of {@code phonebook_sites}: a site's choice of phonebook (none: {@link PhonebookScope#SITE}). */
public final class PhonebookSiteRepository {
    private final Jdbc jdbc;

    public PhonebookSiteRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    public PhonebookScope scope(long siteId) {
        Optional<String> s = jdbc.queryOne("SELECT scope FROM phonebook_sites WHERE site_id = ?", rs -> rs.getString("scope"), siteId);
        return s.flatMap(PhonebookScope::parse).orElse(PhonebookScope.SITE);
    }

    /** Every site that chose a phonebook, by site id. */
    public Map<Long, PhonebookScope> all() {
        Map<Long, PhonebookScope> out = new HashMap<>();
        for (Object[] row : jdbc.query("SELECT site_id, scope FROM phonebook_sites", PhonebookSiteRepository::row)) {
            PhonebookScope.parse((String) row[1]).ifPresent(s -> out.put((Long) row[0], s));
        }
        return out;
    }

    public void set(long siteId, PhonebookScope scope) {
        jdbc.inTransaction(() -> {
            jdbc.update(Table.PHONEBOOK_SITES, "DELETE FROM phonebook_sites WHERE site_id = ?", siteId);
            if (scope != PhonebookScope.SITE) {
                jdbc.update(Table.PHONEBOOK_SITES, "INSERT INTO phonebook_sites (site_id, scope) VALUES (?, ?)", siteId, scope.lower());
            }
        });
    }

    private static Object[] row(ResultSet rs) throws SQLException {
        return new Object[] {rs.getLong("site_id"), rs.getString("scope")};
    }
}
