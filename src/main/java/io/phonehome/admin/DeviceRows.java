package io.phonehome.admin;

import io.phonehome.http.HttpStatusException;
import io.phonehome.inventory.CsvTable;
import io.phonehome.inventory.DeviceImport;
import io.phonehome.inventory.DeviceSnapshot;
import io.phonehome.inventory.FieldError;
import io.phonehome.inventory.Handset;
import io.phonehome.inventory.Line;
import io.phonehome.inventory.Mac;
import io.phonehome.inventory.ModelInfo;
import io.phonehome.inventory.Redirect;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON device is written by turning it into the rows an import file would have and running
 * the import's planning on them: one set of rules (supported models, extension allocation, DECT
 * handsets, duplicates, redirects) for files and for the API. This class does the two
 * conversions and maps row errors back to JSON field names ({@code lines[2].extension}).
 */
final class DeviceRows {
    private DeviceRows() {
    }

    /** The rows of a device: one per line entry, or one device-only row when it has no lines. */
    static List<CsvTable.Row> rows(Inputs.DeviceInput d) {
        Map<String, String> device = new LinkedHashMap<>();
        device.put("mac", nz(d.mac()));
        device.put("model", nz(d.model()));
        device.put("vendor", nz(d.vendor()));
        device.put("serial", nz(d.serial()));
        device.put("site", nz(d.site()));
        device.put("dect_manager", nz(d.dectManager()));
        if (d.redirect() != null) {
            device.put("redirect_url", nz(d.redirect().url()));
            device.put("redirect_username", nz(d.redirect().username()));
            device.put("redirect_password", nz(d.redirect().password()));
        }
        List<CsvTable.Row> rows = new ArrayList<>();
        List<Inputs.LineInput> lines = d.lines() == null ? List.of() : d.lines();
        if (lines.isEmpty()) {
            Map<String, String> v = new LinkedHashMap<>(device);
            v.put(DeviceImport.DEVICE_ONLY, "");
            rows.add(new CsvTable.Row(1, v));
            return rows;
        }
        int n = 0;
        for (Inputs.LineInput l : lines) {
            Map<String, String> v = new LinkedHashMap<>(device);
            if (l == null) {
                throw HttpStatusException.badRequest("field 'lines[" + n + "]': expected object, not null");
            }
            v.put("extension", nz(l.extension()));
            v.put("display_name", nz(l.displayName()));
            v.put("label", nz(l.label()));
            v.put("auth_user", nz(l.authUser()));
            v.put("password", nz(l.password()));
            v.put("transport", nz(l.transport()));
            v.put("srtp", nz(l.srtp()));
            v.put("handset", l.handset() == null ? "" : l.handset().toString());
            v.put("handset_name", nz(l.handsetName()));
            v.put(DeviceImport.LISTED_LINE, "");
            rows.add(new CsvTable.Row(++n, v));
        }
        return rows;
    }

    /** A row error in the JSON field names of {@link Inputs.DeviceInput}. */
    static FieldError toJsonField(FieldError e) {
        String f = e.field();
        String field;
        if (DeviceImport.LINE_COLUMNS.contains(f) && e.row() > 0) {
            field = "lines[" + (e.row() - 1) + "]." + f;
        } else if (f.startsWith("redirect_")) {
            field = "redirect." + f.substring("redirect_".length());
        } else {
            field = f;
        }
        return FieldError.of(field, e.message());
    }

    /**
     * The device as it is now, in the input shape: every line with its extension and auth user
     * (so both stay), passwords left out (null keeps them), DECT handsets expanded to one entry
     * per handset and line in line order, so writing it back changes nothing.
     */
    static Inputs.DeviceInput current(DeviceSnapshot snap, Redirect redirect, ModelInfo model, Mac dectManager) {
        List<Inputs.LineInput> lines = new ArrayList<>();
        for (Line l : snap.lines()) {
            List<Handset> users = snap.handsets().stream().filter(h -> h.linePositions().contains(l.position())).toList();
            if (users.isEmpty() || model == null || !model.isDect()) {
                lines.add(line(l, null, null));
            } else {
                for (Handset h : users) {
                    lines.add(line(l, h.index(), h.name()));
                }
            }
        }
        var d = snap.device();
        return new Inputs.DeviceInput(d.mac().colons(), d.model(), d.vendor(), d.serial(), snap.site() == null ? null : snap.site().name(),
                redirect == null ? null : new Inputs.RedirectInput(redirect.url(), redirect.username(), redirect.password()), lines,
                dectManager == null ? null : dectManager.colons());
    }

    private static Inputs.LineInput line(Line l, Integer handset, String handsetName) {
        return new Inputs.LineInput(l.extension(), l.displayName(), l.label(), l.authUser(), null, l.transport().lower(), l.srtp().lower(),
                handset, handsetName);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
