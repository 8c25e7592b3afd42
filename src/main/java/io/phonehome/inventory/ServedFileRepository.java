package io.phonehome.inventory;

import io.phonehome.store.Jdbc;
import io.phonehome.store.Table;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * What each device was last served, per file name (gzip-compressed; config files shrink 5-10x).
 * The fetch recorder calls {@link #record} in batches off the hot path; a row is rewritten only
 * when the bytes changed, so a fleet that re-checks daily writes nothing here.
 */
public final class ServedFileRepository {
    private final Jdbc jdbc;

    public ServedFileRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores the files whose ETag differs from the stored one; returns how many rows were written. */
    public int record(List<ServedFile> files) {
        if (files.isEmpty()) {
            return 0;
        }
        Map<String, String> stored = new HashMap<>();
        for (int i = 0; i < files.size(); i += 500) {
            List<ServedFile> chunk = files.subList(i, Math.min(files.size(), i + 500));
            String in = String.join(",", java.util.Collections.nCopies(chunk.size(), "?"));
            Object[] macs = chunk.stream().map(f -> f.mac().hex()).toArray();
            jdbc.query("SELECT mac, file_name, etag FROM served_files WHERE mac IN (" + in + ")", rs -> {
                stored.put(rs.getString(1) + "/" + rs.getString(2), rs.getString(3));
                return null;
            }, macs);
        }
        List<Object[]> deletes = new ArrayList<>();
        List<Object[]> inserts = new ArrayList<>();
        for (ServedFile f : files) {
            String old = stored.get(f.mac().hex() + "/" + f.fileName());
            if (f.etag().equals(old)) {
                continue;
            }
            deletes.add(new Object[] {f.mac().hex(), f.fileName()});
            inserts.add(new Object[] {f.mac().hex(), f.fileName(), f.since(), f.etag(), f.baseUrl(), f.serverHost(), gzip(f.body())});
        }
        if (inserts.isEmpty()) {
            return 0;
        }
        // Delete + insert: portable between H2 and PostgreSQL without an upsert dialect.
        jdbc.inTransaction(() -> {
            jdbc.batch(Table.SERVED_FILES, "DELETE FROM served_files WHERE mac = ? AND file_name = ?", deletes);
            jdbc.batch(Table.SERVED_FILES, "INSERT INTO served_files (mac, file_name, served_since, etag, base_url, server_host, body_gzip) VALUES (?,?,?,?,?,?,?)",
                    inserts);
        });
        return inserts.size();
    }

    public Optional<ServedFile> find(Mac mac, String fileName) {
        return jdbc.queryOne("SELECT mac, file_name, served_since, etag, base_url, server_host, body_gzip FROM served_files "
                + "WHERE mac = ? AND file_name = ?", ServedFileRepository::map, mac.hex(), fileName);
    }

    /** Every file the device was served, by name. */
    public List<ServedFile> byDevice(Mac mac) {
        return jdbc.query("SELECT mac, file_name, served_since, etag, base_url, server_host, body_gzip FROM served_files "
                + "WHERE mac = ? ORDER BY file_name", ServedFileRepository::map, mac.hex());
    }

    private static ServedFile map(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new ServedFile(new Mac(rs.getString(1)), rs.getString(2), Jdbc.instant(rs, "served_since"), rs.getString(4),
                rs.getString(5), rs.getString(6), gunzip(rs.getBytes(7)));
    }

    static byte[] gzip(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, body.length / 4));
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] gunzip(byte[] data) {
        try (GZIPInputStream z = new GZIPInputStream(new ByteArrayInputStream(data))) {
            return z.readAllBytes();
        } catch (IOException e) {
            throw new InventoryException("a stored served file is corrupt: " + e.getMessage());
        }
    }
}
