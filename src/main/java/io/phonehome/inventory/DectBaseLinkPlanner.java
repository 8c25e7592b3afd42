package io.phonehome.inventory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Plans the links of an import (or an admin API write) from radio bases to their multi-cell DECT
 * manager: the {@code dect_manager} column on a base's rows names the manager's MAC. Rules, each
 * reported on the base's row:
 * <ul>
 * <li>only a {@code dect-base} links to a manager, and only to a {@code dect-multicell} device of
 *     the same vendor that is in the inventory or in the same import;</li>
 * <li>a base is not its own manager, and has one manager (one value across its rows);</li>
 * <li>a manager takes at most the catalog's {@code bases} attribute of its model (W90DM: 30),
 *     counting the bases it already has that this import does not touch;</li>
 * <li>a manager that still has bases cannot become a model that is no manager.</li>
 * </ul>
 * The file describes a device whole, as for its site: a base whose rows leave the column empty
 * has no manager after the import.
 *
 * <p>The link table is read once per import (one row per linked base, a few thousand at most),
 * so a 10,000-device update costs no query per device.
 */
final class DectBaseLinkPlanner {
    static final String COLUMN = "dect_manager";

    /** The links to write; {@link #write} runs inside the import's transaction, after the devices are written. */
    static final class Links {
        private final Inventory inventory;
        /** base MAC to manager MAC (null: no manager), for every base this import writes or unlinks. */
        private final Map<Mac, Mac> managerByBase;
        /** ids known before the import (devices it updates, managers already in the inventory). */
        private final Map<Mac, Long> knownIds;

        private Links(Inventory inventory, Map<Mac, Mac> managerByBase, Map<Mac, Long> knownIds) {
            this.inventory = inventory;
            this.managerByBase = managerByBase;
            this.knownIds = knownIds;
        }

        void write() {
            if (managerByBase.isEmpty()) {
                return;
            }
            Map<Long, Long> byId = new LinkedHashMap<>();
            managerByBase.forEach((base, manager) -> byId.put(id(base), manager == null ? null : id(manager)));
            inventory.dectBaseLinks().link(byId);
        }

        /** Devices this import creates get their id now, written moments ago in the same transaction. */
        private long id(Mac mac) {
            Long known = knownIds.get(mac);
            return known != null ? known : inventory.devices().findByMac(mac).orElseThrow().id();
        }
    }

    private final Inventory inventory;
    /** Managers outside the import must be this customer's devices; null: any device. */
    private final Long customerId;

    DectBaseLinkPlanner(Inventory inventory, Long customerId) {
        this.inventory = inventory;
        this.customerId = customerId;
    }

    Links plan(List<CsvTable.Row> rows, List<DevicePlan> plans, List<FieldError> errors) {
        Map<Mac, List<CsvTable.Row>> rowsByMac = new LinkedHashMap<>();
        for (CsvTable.Row r : rows) {
            Mac.tryParse(r.get("mac")).ifPresent(m -> rowsByMac.computeIfAbsent(m, k -> new ArrayList<>()).add(r));
        }
        Map<Mac, DevicePlan> planned = new HashMap<>();
        Map<Mac, Long> knownIds = new HashMap<>();
        for (DevicePlan p : plans) {
            planned.put(p.mac(), p);
            if (p.existing() != null) {
                knownIds.put(p.mac(), p.existing().id());
            }
        }
        Map<Long, Long> stored = inventory.dectBaseLinks().all();
        Map<Mac, Optional<Device>> outside = new HashMap<>(); // managers not in this import, read once each

        Map<Mac, Mac> links = new LinkedHashMap<>();
        Map<Mac, CsvTable.Row> linkRow = new HashMap<>();
        for (DevicePlan p : plans) {
            CsvTable.Row at = null;
            String value = "";
            for (CsvTable.Row r : rowsByMac.getOrDefault(p.mac(), List.of())) {
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
            boolean linkedNow = p.existing() != null && stored.containsKey(p.existing().id());
            if (value.isEmpty()) {
                if (base || linkedNow) {
                    links.put(p.mac(), null); // no manager (any former link ends; a base's manager re-reads its serial)
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
            ModelInfo managerModel = modelOf(manager, planned, outside, knownIds);
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
        checkCapacity(links, linkRow, planned, outside, knownIds, stored, errors);
        checkManagersKeepTheirFamily(rowsByMac, links, planned, stored, errors);
        return new Links(inventory, links, knownIds);
    }

    /** The manager's model as it will be after the import: from the import when it is in it, else from the inventory. */
    private ModelInfo modelOf(Mac mac, Map<Mac, DevicePlan> planned, Map<Mac, Optional<Device>> outside, Map<Mac, Long> knownIds) {
        DevicePlan p = planned.get(mac);
        if (p != null) {
            return p.model();
        }
        // another customer's device is, to a customer-limited import, not in the inventory at all
        Optional<Device> d = outside.computeIfAbsent(mac, m -> customerId != null && !inventory.customers().ownerOfDevice(m).equals(Optional.of(customerId))
                ? Optional.empty() : inventory.devices().findByMac(m));
        d.ifPresent(x -> knownIds.put(mac, x.id()));
        return d.flatMap(x -> inventory.models().find(x.vendor(), x.model())).orElse(null);
    }

    /** How many bases of the link table point at this manager, leaving out the bases this import re-plans. */
    private static int keptBases(Long managerId, Map<Long, Long> stored, Map<Mac, Mac> links, Map<Mac, Long> knownIds) {
        if (managerId == null) {
            return 0;
        }
        int n = 0;
        for (Map.Entry<Long, Long> e : stored.entrySet()) {
            if (e.getValue().equals(managerId)) {
                n++;
            }
        }
        for (Mac base : links.keySet()) {
            Long id = knownIds.get(base);
            if (id != null && managerId.equals(stored.get(id))) {
                n--;
            }
        }
        return n;
    }

    private void checkCapacity(Map<Mac, Mac> links, Map<Mac, CsvTable.Row> linkRow, Map<Mac, DevicePlan> planned,
                               Map<Mac, Optional<Device>> outside, Map<Mac, Long> knownIds, Map<Long, Long> stored, List<FieldError> errors) {
        Map<Mac, List<Mac>> basesByManager = new LinkedHashMap<>();
        links.forEach((base, manager) -> {
            if (manager != null) {
                basesByManager.computeIfAbsent(manager, k -> new ArrayList<>()).add(base);
            }
        });
        basesByManager.forEach((manager, bases) -> {
            ModelInfo model = modelOf(manager, planned, outside, knownIds);
            Integer max = model.attribute("bases").map(Integer::parseInt).orElse(null);
            if (max == null) {
                return;
            }
            int already = keptBases(knownIds.get(manager), stored, links, knownIds);
            for (int i = 0; i < bases.size(); i++) {
                if (already + i + 1 > max) {
                    errors.add(new FieldError(linkRow.get(bases.get(i)).number(), COLUMN, manager.colons() + " (" + model.model()
                            + ") takes at most " + max + " bases" + (already > 0 ? "; it already has " + already : "")));
                }
            }
        });
    }

    /**
     * A manager that becomes another model than a multi-cell manager would leave its bases linked
     * to a device that cannot take them: refused while bases still point at it.
     */
    private static void checkManagersKeepTheirFamily(Map<Mac, List<CsvTable.Row>> rowsByMac, Map<Mac, Mac> links, Map<Mac, DevicePlan> planned,
                                                     Map<Long, Long> stored, List<FieldError> errors) {
        Map<Mac, Long> knownIds = new HashMap<>();
        planned.values().stream().filter(p -> p.existing() != null).forEach(p -> knownIds.put(p.mac(), p.existing().id()));
        for (DevicePlan p : planned.values()) {
            if (p.model().family().equals("dect-multicell")) {
                continue;
            }
            int kept = p.existing() == null ? 0 : keptBases(p.existing().id(), stored, links, knownIds);
            long relinkedHere = links.values().stream().filter(p.mac()::equals).count();
            if (kept > 0 || relinkedHere > 0) {
                errors.add(new FieldError(rowsByMac.get(p.mac()).get(0).number(), "model", p.mac().colons() + " has "
                        + (kept + relinkedHere) + " radio base(s) linked to it as their DECT manager, which a " + p.model().model()
                        + " cannot be; link them to another manager first"));
            }
        }
    }
}
