package io.phonehome.inventory;

import io.phonehome.store.Jdbc;
import io.phonehome.store.Table;
import io.phonehome.store.UniqueViolationException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** SQL for sites. Validation happens before this (see {@link SiteValidation}). */
public final class SiteRepository {
    static final String COLUMNS = "id, name, time_zone, ntp_servers, language, registrar1_host, registrar1_port, registrar1_transport, "
            + "registrar2_host, registrar2_port, registrar2_transport, provisioning_url, recheck_minutes, phone_admin_password, "
            + "syslog_server, auth_methods, trusted_networks, digest_user, digest_password, first_provisioning_minutes, revision, customer_id";

    private final Jdbc jdbc;

    public SiteRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    public Site insert(long customerId, SiteSpec s) {
        Object[] v = values(s);
        Object[] args = Arrays.copyOf(v, v.length + 1);
        args[v.length] = customerId;
        try {
            long id = jdbc.insert(Table.SITES, "INSERT INTO sites (name, time_zone, ntp_servers, language, registrar1_host, registrar1_port, registrar1_transport, "
                            + "registrar2_host, registrar2_port, registrar2_transport, provisioning_url, recheck_minutes, phone_admin_password, "
                            + "syslog_server, auth_methods, trusted_networks, digest_user, digest_password, first_provisioning_minutes, customer_id) "
                            + "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    args);
            return findById(id).orElseThrow();
        } catch (UniqueViolationException e) {
            throw new ConflictException("a site named '" + s.name() + "' already exists");
        }
    }

    public Site update(long id, SiteSpec s) {
        Object[] v = values(s);
        Object[] args = Arrays.copyOf(v, v.length + 2);
        args[v.length] = Instant.now();
        args[v.length + 1] = id;
        try {
            int n = jdbc.update(Table.SITES, "UPDATE sites SET name=?, time_zone=?, ntp_servers=?, language=?, registrar1_host=?, registrar1_port=?, "
                    + "registrar1_transport=?, registrar2_host=?, registrar2_port=?, registrar2_transport=?, provisioning_url=?, "
                    + "recheck_minutes=?, phone_admin_password=?, syslog_server=?, auth_methods=?, trusted_networks=?, digest_user=?, "
                    + "digest_password=?, first_provisioning_minutes=?, revision = revision + 1, updated_at=? WHERE id=?", args);
            if (n == 0) {
                throw new NotFoundException("site " + id + " does not exist");
            }
        } catch (UniqueViolationException e) {
            throw new ConflictException("a site named '" + s.name() + "' already exists");
        }
        return findById(id).orElseThrow();
    }

    private static Object[] values(SiteSpec s) {
        return new Object[] {s.name(), s.timeZone(), String.join(",", s.ntpServers()), s.language(),
                s.registrar1() == null ? null : s.registrar1().host(), s.registrar1() == null ? null : s.registrar1().port(),
                s.registrar1() == null ? null : s.registrar1().transport().lower(),
                s.registrar2() == null ? null : s.registrar2().host(), s.registrar2() == null ? null : s.registrar2().port(),
                s.registrar2() == null ? null : s.registrar2().transport().lower(),
                s.provisioningUrl(), s.recheckMinutes(),
                s.phoneAdminPassword() == null ? Passwords.generate(16) : s.phoneAdminPassword(),
                s.syslogServer(), AuthMethod.format(s.authMethods()), String.join(",", s.trustedNetworks()),
                s.digestUser(), s.digestPassword(), s.firstProvisioningMinutes()};
    }

    public Optional<Site> findById(long id) {
        return jdbc.queryOne("SELECT " + COLUMNS + " FROM sites WHERE id = ?", SiteRepository::map, id);
    }

    public Optional<Site> findByName(String name) {
        return jdbc.queryOne("SELECT " + COLUMNS + " FROM sites WHERE name = ?", SiteRepository::map, name);
    }

    public List<Site> list() {
        return jdbc.query("SELECT " + COLUMNS + " FROM sites ORDER BY name", SiteRepository::map);
    }

    /** One customer's sites, by name. */
    public List<Site> listOf(long customerId) {
        return jdbc.query("SELECT " + COLUMNS + " FROM sites WHERE customer_id = ? ORDER BY name", SiteRepository::map, customerId);
    }

    /** Moves a site to another customer (its devices and lines go with it). */
    public void moveToCustomer(long siteId, long customerId) {
        jdbc.inTransaction(() -> {
            if (jdbc.update(Table.SITES, "UPDATE sites SET customer_id = ?, revision = revision + 1, updated_at = ? WHERE id = ?",
                    customerId, Instant.now(), siteId) == 0) {
                throw new NotFoundException("site " + siteId + " does not exist");
            }
            // the lines move into the new customer's extension space; a clash there undoes the move
            new LineRepository(jdbc).followCustomer("device_id IN (SELECT id FROM devices WHERE site_id = ?)", siteId);
            return null;
        });
    }

    public void delete(long id) {
        long devices = jdbc.queryLong("SELECT COUNT(*) FROM devices WHERE site_id = ?", id);
        if (devices > 0) {
            throw new ConflictException("site " + id + " still has " + devices + " device(s); move or delete them first");
        }
        if (jdbc.update(Table.SITES, "DELETE FROM sites WHERE id = ?", id) == 0) {
            throw new NotFoundException("site " + id + " does not exist");
        }
    }

    static Site map(ResultSet rs) throws SQLException {
        return map(rs, "");
    }

    /** Maps site columns selected with a column-name prefix (for joins). */
    static Site map(ResultSet rs, String p) throws SQLException {
        return new Site(rs.getLong(p + "id"), rs.getString(p + "name"), rs.getString(p + "time_zone"), split(rs.getString(p + "ntp_servers")),
                rs.getString(p + "language"), registrar(rs, p + "registrar1"), registrar(rs, p + "registrar2"), rs.getString(p + "provisioning_url"),
                rs.getInt(p + "recheck_minutes"), rs.getString(p + "phone_admin_password"), rs.getString(p + "syslog_server"),
                AuthMethod.parseList(rs.getString(p + "auth_methods")), split(rs.getString(p + "trusted_networks")),
                rs.getString(p + "digest_user"), rs.getString(p + "digest_password"), rs.getInt(p + "first_provisioning_minutes"),
                rs.getLong(p + "revision"), rs.getLong(p + "customer_id"));
    }

    private static Registrar registrar(ResultSet rs, String prefix) throws SQLException {
        String host = rs.getString(prefix + "_host");
        if (host == null) {
            return null;
        }
        return new Registrar(host, rs.getInt(prefix + "_port"), Transport.parse(rs.getString(prefix + "_transport")));
    }

    private static List<String> split(String s) {
        if (s == null || s.isBlank()) {
            return List.of();
        }
        return Arrays.stream(s.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList();
    }
}
