package io.phonehome.inventory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Plans the links of an import (or an admin API write) from radio bases to their multi-cell DECT
 * manager: the {@code dect_manager} column on a base's rows names the manager's MAC. Rules, each
 * reported on the base's row:
 * <ul>
 * <li>only a {@code dect-base} links to a manager, and only to a {@code dect-multicell} device of
 *     the same vendor that is in the inventory or in the same import;</li>
 * <li>a base is not its own manager, and has one manager (one value across its rows);</li>
 * <li>a manager takes at most the catalog's {@code bases} attribute of its model (W90DM: 30),
 *     counting the bases it already has that this import does not touch.</li>
 * </ul>
 * The file describes a device whole, as for its site: a base whose rows leave the column empty
 * has no manager after the import.
 */
final class DectBaseLinkPlanner {
    static final String COLUMN = "dect_manager";

    /** The links to write; {@link #write} runs inside the import's transaction, after the devices are written. */
    static final class Links {
        private final Inventory inventory;
        private final Map<Mac, Mac> managerByBase;

        private Links(Inventory inventory, Map<Mac, Mac> managerByBase) {
            this.inventory = inventory;
            this.managerByBase = managerByBase;
        }

        void write() {
            if (managerByBase.isEmpty()) {
                return;
            }
            Set<Mac> macs = new HashSet<>(managerByBase.keySet());
            managerByBase.values().stream().filter(java.util.Objects::nonNull).forEach(macs::add);
            Map<Mac, Long> ids = new HashMap<>();
            for (Mac m : macs) {
                inventory.devices().findByMac(m).ifPresent(d -> ids.put(m, d.id()));
            }
            Map<Long, Long> byId = new LinkedHashMap<>();
            managerByBase.forEach((base, manager) -> byId.put(ids.get(base), manager == null ? null : ids.get(manager)));
            inventory.dectBaseLinks().link(byId);
        }
    }

    private final Inventory inventory;

    DectBaseLinkPlanner(Inventory inventory) {
        this.inventory = inventory;
    }

    Links plan(List<CsvTable.Row> rows, List<DevicePlan> plans, List<FieldError> errors) {
        Map<Mac, List<CsvTable.Row>> rowsByMac = new LinkedHashMap<>();
        for (CsvTable.Row r : rows) {
            Mac.tryParse(r.get("mac")).ifPresent(m -> rowsByMac.computeIfAbsent(m, k -> new ArrayList<>()).add(r));
        }
        Map<Mac, DevicePlan> planned = new HashMap<>();
        plans.forEach(p -> planned.put(p.mac(), p));

        Map<Mac, Mac> links = new LinkedHashMap<>();
        Map<Mac, CsvTable.Row> linkRow = new HashMap<>();
        for (DevicePlan p : plans) {
            List<CsvTable.Row> own = rowsByMac.getOrDefault(p.mac(), List.of());
            CsvTable.Row at = null;
            String value = "";
            for (CsvTable.Row r : own) {
                String v = r.get(COLUMN);
                if (v.isEmpty()) {
                    continue;
                }
                if (at == null) {
                    at = r;
                    value = v;
                } else if (!Mac.tryParse(v).equals(Mac.tryParse(value))) {
                    errors.add(new FieldError(r.number(), COLUMN, "'" + v + "' differs from '" + value + "' in row " + at.number()
                            + ": a base has one DECT manager"));
                }
            }
            boolean base = p.model().family().equals("dect-base");
            if (value.isEmpty()) {
                if (base || p.existing() != null) {
                    links.put(p.mac(), null); // no manager (any former link ends)
                }
                continue;
            }
            if (!base) {
                errors.add(new FieldError(at.number(), COLUMN, "only a radio base (family dect-base) has a DECT manager; " + p.model().model()
                        + " is " + p.model().family()));
                continue;
            }
            Mac manager = Mac.tryParse(value).orElse(null);
            if (manager == null) {
                errors.add(new FieldError(at.number(), COLUMN, "'" + value + "' is not a MAC address"));
                continue;
            }
            if (manager.equals(p.mac())) {
                errors.add(new FieldError(at.number(), COLUMN, "a base cannot be its own DECT manager"));
                continue;
            }
            ModelInfo managerModel = modelOf(manager, planned);
            if (managerModel == null) {
                errors.add(new FieldError(at.number(), COLUMN, "no device " + manager.colons() + " in the inventory or in this import"));
                continue;
            }
            if (!managerModel.family().equals("dect-multicell") || !managerModel.vendor().equals(p.model().vendor())) {
                errors.add(new FieldError(at.number(), COLUMN, manager.colons() + " is a " + managerModel.vendor() + " " + managerModel.model()
                        + ", not a multi-cell DECT manager of the same vendor as " + p.model().model()));
                continue;
            }
            links.put(p.mac(), manager);
            linkRow.put(p.mac(), at);
        }
        checkCapacity(links, linkRow, planned, errors);
        checkManagersKeepTheirFamily(rowsByMac, links, planned, errors);
        return new Links(inventory, links);
    }

    /** The manager's model as it will be after the import: from the import when it is in it, else from the inventory. */
    private ModelInfo modelOf(Mac mac, Map<Mac, DevicePlan> planned) {
        DevicePlan p = planned.get(mac);
        if (p != null) {
            return p.model();
        }
        return inventory.devices().findByMac(mac).flatMap(d -> inventory.models().find(d.vendor(), d.model())).orElse(null);
    }

    /**
     * A manager that becomes another model than a multi-cell manager would leave its bases linked
     * to a device that cannot take them: refused while bases outside this import still point at it.
     */
    private void checkManagersKeepTheirFamily(Map<Mac, List<CsvTable.Row>> rowsByMac, Map<Mac, Mac> links, Map<Mac, DevicePlan> planned,
                                              List<FieldError> errors) {
        Set<Long> replanned = new HashSet<>();
        planned.values().stream().filter(p -> p.existing() != null && links.containsKey(p.mac())).forEach(p -> replanned.add(p.existing().id()));
        for (DevicePlan p : planned.values()) {
            if (p.existing() == null || p.model().family().equals("dect-multicell")) {
                continue;
            }
            int kept = inventory.dectBaseLinks().baseCounts(List.of(p.existing().id()), replanned).get(p.existing().id());
            long relinkedHere = links.values().stream().filter(p.mac()::equals).count();
            if (kept > 0 || relinkedHere > 0) {
                errors.add(new FieldError(rowsByMac.get(p.mac()).get(0).number(), "model", p.mac().colons() + " has "
                        + (kept + relinkedHere) + " radio base(s) linked to it as their DECT manager, which a " + p.model().model()
                        + " cannot be; link them to another manager first"));
            }
        }
    }

    private void checkCapacity(Map<Mac, Mac> links, Map<Mac, CsvTable.Row> linkRow, Map<Mac, DevicePlan> planned, List<FieldError> errors) {
        Map<Mac, List<Mac>> basesByManager = new LinkedHashMap<>();
        links.forEach((base, manager) -> {
            if (manager != null) {
                basesByManager.computeIfAbsent(manager, k -> new ArrayList<>()).add(base);
            }
        });
        Set<Long> touched = new HashSet<>();
        planned.values().stream().filter(p -> p.existing() != null).forEach(p -> touched.add(p.existing().id()));
        basesByManager.forEach((manager, bases) -> {
            ModelInfo model = modelOf(manager, planned);
            Integer max = model.attribute("bases").map(Integer::parseInt).orElse(null);
            if (max == null) {
                return;
            }
            int already = inventory.devices().findByMac(manager)
                    .map(d -> inventory.dectBaseLinks().baseCounts(List.of(d.id()), touched).get(d.id())).orElse(0);
            for (int i = 0; i < bases.size(); i++) {
                if (already + i + 1 > max) {
                    errors.add(new FieldError(linkRow.get(bases.get(i)).number(), COLUMN, manager.colons() + " (" + model.model()
                            + ") takes at most " + max + " bases" + (already > 0 ? "; it already has " + already : "")));
                }
            }
        });
    }
}
