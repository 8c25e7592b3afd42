package io.phonehome.console;

import io.phonehome.errors.PhonehomeException;
import io.phonehome.events.Event;
import io.phonehome.events.EventTypes;
import io.phonehome.firmware.FirmwareTarget;
import io.phonehome.inventory.Device;
import io.phonehome.inventory.Mac;
import io.phonehome.inventory.Site;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fleet's bulk changes besides re-sync and reboot: assign the selected devices to a site, or
 * give them a firmware target of their own. All or nothing: every device is checked and changed
 * inside one transaction, and when any device is refused the transaction is rolled back and the
 * page lists each refused device with its reason, so no selection is ever half changed. A change
 * that went through is one audit entry under the person with every MAC it touched.
 */
final class FleetBulk {
    private final Console c;

    FleetBulk(Console c) {
        this.c = c;
    }

    /** Thrown inside the transaction to undo it when a row was refused. */
    private static final class Refused extends RuntimeException {
        Refused() {
            super(null, null, false, false);
        }
    }

    void handle(Req r, String kind, Set<Mac> macs, String back) {
        Console.require(r, Access.TECHNICIAN);
        List<Map<String, String>> problems = new ArrayList<>();
        String what;
        String value;
        try {
            if (kind.equals("site")) {
                Site site = site(r);
                what = "device.bulk.site";
                value = site.name();
                c.d.inventory().jdbc().inTransaction(() -> {
                    for (Mac mac : macs) {
                        Device d = c.d.inventory().devices().findByMac(mac).orElse(null);
                        if (d == null) {
                            problems.add(row(mac, r.t.get("error.notFound")));
                        } else if (c.d.inventory().redirects().find(d.id()).isPresent()) {
                            problems.add(row(mac, r.t.get("bulk.redirected")));
                        } else if (problems.isEmpty()) {
                            c.d.inventory().devices().updateAssignment(d.id(), d.vendor(), d.model(), d.serial(), site.id());
                        }
                    }
                    if (!problems.isEmpty()) {
                        throw new Refused();
                    }
                    c.d.gate().audit(r.person(), what, macs.size() + " device(s)", null, Map.of("site", site.name(), "devices",
                            macs.stream().map(Mac::colons).toList(), "by", "console"));
                    for (Mac mac : macs) {
                        c.d.events().record(Event.of(EventTypes.ADMIN_CHANGE, "updated", mac.hex(), site.id(), r.person().name(),
                                "assigned to site " + site.name() + " (console, " + macs.size() + " selected)"));
                    }
                });
            } else {
                String version = r.field("version");
                if (version == null) {
                    throw new ConsoleException(400, r.t.get("firmware.versionRequired"));
                }
                what = "firmware.target.set";
                value = version;
                c.d.inventory().jdbc().inTransaction(() -> {
                    for (Mac mac : macs) {
                        try {
                            FirmwareTarget t = c.d.firmware().targets().setForDevice(mac, version, r.person().name());
                            if (t == null) {
                                problems.add(row(mac, r.t.get("error.notFound")));
                            }
                        } catch (PhonehomeException e) {
                            problems.add(row(mac, e.getMessage()));
                        }
                    }
                    if (!problems.isEmpty()) {
                        throw new Refused();
                    }
                    c.d.gate().audit(r.person(), what, macs.size() + " device(s)", null, Map.of("scope", "device", "version", version, "devices",
                            macs.stream().map(Mac::colons).toList(), "by", "console"));
                });
            }
        } catch (Refused e) {
            Map<String, Object> m = c.model(r, "fleet");
            m.put("problems", problems);
            m.put("count", macs.size());
            m.put("what", r.t.get(kind.equals("site") ? "bulk.site" : "bulk.target"));
            m.put("back", back);
            Console.html(r.ex, 422, c.pages.render("bulk-refused.ftlh", m));
            return;
        }
        r.session.flash(Map.of("kind", "ok", "text", r.t.get(kind.equals("site") ? "bulk.siteDone" : "bulk.targetDone")
                .replace("{0}", String.valueOf(macs.size())).replace("{1}", value)));
        Console.redirect(r.ex, back);
    }

    private Site site(Req r) {
        String s = r.field("site");
        if (s == null) {
            throw new ConsoleException(400, r.t.get("bulk.chooseSite"));
        }
        try {
            return c.d.inventory().sites().findById(Long.parseLong(s)).orElseThrow(() -> new ConsoleException(400, r.t.get("bulk.chooseSite")));
        } catch (NumberFormatException e) {
            throw new ConsoleException(400, r.t.get("bulk.chooseSite"));
        }
    }

    private static Map<String, String> row(Mac mac, String problem) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("mac", mac.colons());
        m.put("problem", problem);
        return m;
    }
}
