package io.phonehome.inventory;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Bulk import of devices from a delivery-note CSV: one row per line (desk phones) or per handset
 * (DECT). Everything is checked before anything is written; one bad row and nothing changes, and
 * the report lists every problem with its row and column.
 *
 * <p>Columns (any order, case-insensitive): {@code mac, model} (required), {@code vendor,
 * serial, site, line, extension, display_name, label, handset, handset_name, auth_user, password,
 * transport, srtp, dect_manager}. Empty extensions are allocated from 200 upwards. A MAC takes several rows
 * only when they say which line ({@code line}, 1 to the model's accounts) or DECT handset
 * ({@code handset}) each one is; a row without either takes the lowest line number no row of
 * that MAC names, and a second such row is an error (a MAC typed twice must not quietly become
 * a second line). {@code dect_manager} on a radio base's rows names the MAC of its multi-cell
 * DECT manager ({@link DectBaseLinkPlanner}).
 *
 * <p>Redirection entries (the RPS role) use {@code redirect_url} and optionally
 * {@code redirect_username}/{@code redirect_password} instead of a site: one row per MAC, no
 * line columns; the device is then sent to that provisioning server.
 *
 * <p>The same planning serves the admin API's JSON device writes: they are turned into rows
 * ({@link #run(List, Mode, boolean, WriteHook)}), so a device created by hand obeys exactly the
 * rules of one imported from a file.
 */
public final class DeviceImport {
    public static final Set<String> LINE_COLUMNS = Set.of("line", "extension", "display_name", "label", "handset", "handset_name", "auth_user",
            "password", "transport", "srtp");
    public static final Set<String> REDIRECT_COLUMNS = Set.of("redirect_url", "redirect_username", "redirect_password");
    /** What an export adds (facts phones report); accepted and ignored, so an export imports back. */
    public static final Set<String> REPORTED_COLUMNS = Set.of("reported_model", "reported_firmware", "last_seen", "last_address");
    public static final Set<String> COLUMNS = Set.of("mac", "model", "vendor", "serial", "site", "line", "extension", "display_name", "label",
            "handset", "handset_name", "auth_user", "password", "transport", "srtp", "redirect_url", "redirect_username", "redirect_password",
            DectBaseLinkPlanner.COLUMN, "reported_model", "reported_firmware", "last_seen", "last_address");
    public static final Set<String> REQUIRED = Set.of("mac", "model");
    /**
     * A key of rows built by the admin API (never a CSV column): the row describes the device
     * only, so it gets no line. A CSV row always stands for a line (or a redirect).
     */
    public static final String DEVICE_ONLY = "_device_only";
    /**
     * A key of rows built by the admin API (never a CSV column): the row is one entry of a
     * device's list of lines, whose order numbers the lines, so it needs no line column.
     */
    public static final String LISTED_LINE = "_listed_line";
    public static final int MAX_ROWS = 100_000;

    /** How to treat MACs already in the inventory. */
    public enum Mode { CREATE_ONLY, UPDATE_EXISTING }

    /**
     * Runs inside the import's write transaction around the write itself, so whatever it records
     * (an audit entry with the state before and after) lands together with the import or not at all.
     */
    @FunctionalInterface
    public interface WriteHook {
        WriteHook NONE = (plans, write) -> write.run();

        /** Must call {@code write.run()} exactly once; any exception rolls everything back. */
        void around(List<DevicePlan> plans, Runnable write);
    }

    private final Inventory inventory;
    /** The customer whose sites and devices this import may use; null: the whole installation. */
    private final Long customerId;

    public DeviceImport(Inventory inventory) {
        this(inventory, null);
    }

    /**
     * An import limited to one customer (a customer-limited API token): its rows name only that
     * customer's sites (another's is reported like a site that does not exist), every device is
     * placed at one of them, and a device of another customer or without a site is refused as
     * already in the inventory (MACs are unique across the installation, like the phones).
     */
    public DeviceImport(Inventory inventory, Long customerId) {
        this.inventory = inventory;
        this.customerId = customerId;
    }

    public ImportReport run(Reader csv, Mode mode, boolean dryRun) throws IOException {
        return run(csv, mode, dryRun, WriteHook.NONE);
    }

    public ImportReport run(Reader csv, Mode mode, boolean dryRun, WriteHook hook) throws IOException {
        List<FieldError> errors = new ArrayList<>();
        CsvTable table = CsvTable.parse(csv, COLUMNS, REQUIRED, MAX_ROWS, errors);
        if (!errors.isEmpty()) {
            return new ImportReport(dryRun, false, table.rows().size(), 0, 0, 0, 0, errors, List.of(), List.of());
        }
        return run(table.rows(), mode, dryRun, hook);
    }

    /**
     * Plans and (unless {@code dryRun} or any row is wrong) writes rows that were already split
     * into columns: a parsed CSV, or a JSON device turned into rows by the admin API.
     */
    public ImportReport run(List<CsvTable.Row> rows, Mode mode, boolean dryRun, WriteHook hook) {
        List<FieldError> ruleErrors = new ArrayList<>();
        for (CsvTable.Row r : rows) {
            ruleErrors.addAll(ColumnRules.check(r));
        }
        Set<Integer> brokenRows = new HashSet<>();
        ruleErrors.forEach(fe -> brokenRows.add(fe.row()));
        List<FieldError> errors = new ArrayList<>();
        Planner planner = new Planner(mode, errors);
        List<DevicePlan> plans = planner.plan(rows);
        DectBaseLinkPlanner.Links links = new DectBaseLinkPlanner(inventory, customerId).plan(rows, plans, errors);
        // Planning still runs, so that one report lists the problems of every other row too; on a row
        // with a refused value it would only echo that value through other columns (a vendor's line
        // break in the model's message), so such a row reports its refused columns alone.
        errors.removeIf(fe -> brokenRows.contains(fe.row()));
        errors.addAll(ruleErrors);
        int lines = plans.stream().mapToInt(p -> p.lines().size()).sum();
        int handsets = plans.stream().mapToInt(p -> p.handsets().size()).sum();
        int created = (int) plans.stream().filter(p -> p.existing() == null).count();
        int updated = plans.size() - created;
        errors.sort((a, b) -> Integer.compare(a.row(), b.row()));
        List<ImportReport.DeviceOutcome> outcomes = plans.stream().map(ImportReport.DeviceOutcome::of).toList();
        if (!errors.isEmpty() || dryRun) {
            return new ImportReport(dryRun, false, rows.size(), created, updated, lines, handsets, errors, planner.allocations, outcomes);
        }
        try {
            inventory.jdbc().inTransaction(() -> hook.around(plans, () -> {
                inventory.writer().write(plans);
                links.write();
            }));
        } catch (ConflictException e) {
            // Another writer took an extension or auth user between planning and writing: nothing was written.
            return new ImportReport(false, false, rows.size(), created, updated, lines, handsets,
                    List.of(new FieldError(0, "", e.getMessage() + " (changed while the import ran; run it again)")), planner.allocations, outcomes);
        }
        return new ImportReport(false, true, rows.size(), created, updated, lines, handsets, List.of(), planner.allocations, outcomes);
    }

    /** Turns rows into plans, collecting every error. */
    private final class Planner {
        private final Mode mode;
        private final List<FieldError> errors;
        private final List<ImportReport.Allocation> allocations = new ArrayList<>();
        private final Map<String, Site> sites = new HashMap<>();
        // Extensions and auth users are unique per customer (issue 17): every key below is
        // "<customer id>|<extension or auth user>", the customer being the one of the row's site.
        private final Map<String, String> extensionOwner = new HashMap<>(); // customer|extension -> device mac in the inventory
        private final Set<String> authUsersInUse = new HashSet<>();
        private final Map<Long, ExtensionAllocator> allocators = new HashMap<>();
        private final long defaultCustomer;
        private final Map<String, CsvTable.Row> authUsersInFile = new HashMap<>();
        private final Map<Mac, Device> existingDevices = new HashMap<>();
        private Map<Long, List<Line>> existingLines = Map.of();

        Planner(Mode mode, List<FieldError> errors) {
            this.mode = mode;
            this.errors = errors;
            for (Site s : customerId == null ? inventory.sites().list() : inventory.sites().listOf(customerId)) {
                sites.put(s.name().toLowerCase(java.util.Locale.ROOT), s);
            }
            inventory.jdbc().query("SELECT l.customer_id, l.extension, d.mac, l.auth_user FROM lines l JOIN devices d ON d.id = l.device_id", rs -> {
                extensionOwner.put(rs.getLong(1) + "|" + rs.getString(2), rs.getString(3));
                authUsersInUse.add(rs.getLong(1) + "|" + rs.getString(4));
                return null;
            });
            this.defaultCustomer = inventory.customers().defaultCustomer().id();
        }

        /** The customer whose extension space a device's rows write into: its site's, or the default customer. */
        private long customerOf(List<CsvTable.Row> rows) {
            // the first site named (a disagreement between rows is reported by planDevice)
            String name = rows.stream().map(r -> r.get("site")).filter(v -> !v.isEmpty()).findFirst().orElse("");
            Site site = sites.get(name.toLowerCase(java.util.Locale.ROOT));
            return site == null ? defaultCustomer : site.customerId();
        }

        /** Hands out free extensions of one customer (each customer allocates from 200 upwards). */
        private ExtensionAllocator allocatorOf(long customer) {
            return allocators.computeIfAbsent(customer, c -> {
                String prefix = c + "|";
                Set<String> used = new HashSet<>();
                for (String k : extensionOwner.keySet()) {
                    if (k.startsWith(prefix)) {
                        used.add(k.substring(prefix.length()));
                    }
                }
                return new ExtensionAllocator(used);
            });
        }

        private void error(CsvTable.Row row, String column, String message) {
            errors.add(new FieldError(row.number(), column, message));
        }

        List<DevicePlan> plan(List<CsvTable.Row> rows) {
            Map<Mac, List<CsvTable.Row>> byMac = new LinkedHashMap<>();
            for (CsvTable.Row r : rows) {
                try {
                    byMac.computeIfAbsent(Mac.parse(r.get("mac")), k -> new ArrayList<>()).add(r);
                } catch (InventoryException e) {
                    error(r, "mac", e.getMessage());
                }
            }
            loadExisting(byMac.keySet());
            // Explicit extensions first, so allocation skips every one of them wherever it appears.
            Map<String, CsvTable.Row> explicitAt = new HashMap<>();
            Map<String, Mac> explicitMac = new HashMap<>();
            for (Map.Entry<Mac, List<CsvTable.Row>> e : byMac.entrySet()) {
                long customer = customerOf(e.getValue());
                for (CsvTable.Row r : e.getValue()) {
                    String ext = r.get("extension");
                    if (ext.isEmpty()) {
                        continue;
                    }
                    String problem = ExtensionAllocator.problemWith(ext);
                    if (problem != null) {
                        error(r, "extension", problem);
                        continue;
                    }
                    String key = customer + "|" + ext;
                    Mac other = explicitMac.putIfAbsent(key, e.getKey());
                    if (other != null && !other.equals(e.getKey())) {
                        error(r, "extension", "extension " + ext + " is also given to " + other.colons() + " in row " + explicitAt.get(key).number()
                                + " (an extension is unique per customer)");
                    }
                    explicitAt.putIfAbsent(key, r);
                }
            }
            for (String key : explicitMac.keySet()) {
                int bar = key.indexOf('|');
                allocatorOf(Long.parseLong(key.substring(0, bar))).reserve(key.substring(bar + 1));
            }

            List<DevicePlan> plans = new ArrayList<>();
            for (Map.Entry<Mac, List<CsvTable.Row>> e : byMac.entrySet()) {
                planDevice(e.getKey(), e.getValue(), allocatorOf(customerOf(e.getValue()))).ifPresent(plans::add);
            }
            return plans;
        }

        /** The devices of the file already in the inventory, a few queries for the whole file (not one per device). */
        private void loadExisting(Set<Mac> macs) {
            List<Mac> all = new ArrayList<>(macs);
            for (int i = 0; i < all.size(); i += 500) {
                List<Mac> chunk = all.subList(i, Math.min(all.size(), i + 500));
                String in = String.join(",", java.util.Collections.nCopies(chunk.size(), "?"));
                for (Device d : inventory.jdbc().query("SELECT " + DeviceRepository.COLUMNS + " FROM devices d WHERE d.mac IN (" + in + ")",
                        DeviceRepository::map, chunk.stream().map(Mac::hex).toArray())) {
                    existingDevices.put(d.mac(), d);
                }
            }
            if (mode == Mode.UPDATE_EXISTING && !existingDevices.isEmpty()) {
                existingLines = inventory.search().lines(existingDevices.values().stream().map(Device::id).toList());
            }
        }

        private Optional<DevicePlan> planDevice(Mac mac, List<CsvTable.Row> rows, ExtensionAllocator allocator) {
            int before = errors.size();
            CsvTable.Row first = rows.get(0);
            String modelName = sameAcross(rows, "model");
            String vendor = sameAcross(rows, "vendor");
            String serial = sameAcross(rows, "serial");
            String siteName = sameAcross(rows, "site");

            ModelInfo model = null;
            if (modelName.isEmpty()) {
                error(first, "model", "is empty");
            } else {
                // Installers' spellings (SIP-T46U, snomD785, t46u) name the catalog model they mean.
                ModelNames names = new ModelNames(inventory.models());
                List<ModelInfo> found = names.resolve(vendor, modelName);
                if (found.isEmpty()) {
                    error(first, "model", names.unknownMessage(vendor, modelName));
                } else if (found.size() > 1) {
                    error(first, "vendor", "model '" + modelName + "' exists for several vendors; add a vendor column");
                } else {
                    model = found.get(0);
                }
            }
            Site site = null;
            if (!siteName.isEmpty()) {
                site = sites.get(siteName.toLowerCase(java.util.Locale.ROOT));
                if (site == null) {
                    error(first, "site", "no site named '" + siteName + "'; create it first");
                }
            } else if (customerId != null) {
                error(first, "site", "is required: a token limited to a customer places each device at one of the customer's sites");
            }
            Device existing = existingDevices.get(mac);
            boolean othersDevice = existing != null && customerId != null
                    && (existing.siteId() == null || sites.values().stream().noneMatch(s -> s.id() == existing.siteId()));
            if (othersDevice) {
                error(first, "mac", mac.colons() + " is already in the inventory and is not one of this customer's devices");
            } else if (existing != null && mode == Mode.CREATE_ONLY) {
                error(first, "mac", mac.colons() + " is already in the inventory (import in update mode to change it)");
            }
            Redirect redirect = planRedirect(rows, siteName, existing);
            if (model == null || errors.size() > before) {
                return Optional.empty();
            }
            if (redirect != null) {
                return Optional.of(new DevicePlan(mac, model, serial.isEmpty() ? null : serial, null, List.of(), List.of(), existing, redirect));
            }
            if (rows.size() == 1 && first.values().containsKey(DEVICE_ONLY)) {
                return Optional.of(new DevicePlan(mac, model, serial.isEmpty() ? null : serial, site, List.of(), List.of(), existing, null));
            }
            List<Line> linesBefore = existing == null ? List.of() : existingLines.getOrDefault(existing.id(), List.of());
            LinesBuilder lb = new LinesBuilder(mac, model, linesBefore, allocator, rows, site == null ? defaultCustomer : site.customerId());
            for (CsvTable.Row r : rows) {
                lb.add(r);
            }
            if (errors.size() > before) {
                return Optional.empty();
            }
            return Optional.of(new DevicePlan(mac, model, serial.isEmpty() ? null : serial, site, lb.lines, lb.handsetPlans(), existing, null));
        }

        /** The redirect of a device's rows, or null when it has none; errors are collected. */
        private Redirect planRedirect(List<CsvTable.Row> rows, String siteName, Device existing) {
            String url = sameAcross(rows, "redirect_url", true);
            String user = sameAcross(rows, "redirect_username", true);
            String password = sameAcross(rows, "redirect_password", true);
            if (url.isEmpty() && user.isEmpty() && password.isEmpty()) {
                return null;
            }
            if (!user.isEmpty() && password.isEmpty() && existing != null && mode == Mode.UPDATE_EXISTING) {
                // Like a line's password: left empty, the stored one stays (exports never carry it).
                Redirect stored = inventory.redirects().find(existing.id()).orElse(null);
                if (stored != null && user.equals(stored.username())) {
                    password = stored.password();
                }
            }
            CsvTable.Row first = rows.get(0);
            int before = errors.size();
            for (FieldError fe : Redirect.check(url, user, password)) {
                error(first, fe.field(), fe.message());
            }
            if (!siteName.isEmpty()) {
                error(first, "site", "a redirected device is provisioned by the server it is sent to, not by a site here; leave site empty");
            }
            if (rows.size() > 1) {
                error(rows.get(1), "mac", "a redirected device takes one row (it has no lines here); row " + first.number() + " already has it");
            }
            for (CsvTable.Row r : rows) {
                for (String column : LINE_COLUMNS.stream().sorted().toList()) {
                    if (!r.get(column).isEmpty()) {
                        error(r, column, "a redirected device has no lines here; leave " + column + " empty");
                    }
                }
            }
            return errors.size() > before ? null : Redirect.of(url, user, password);
        }

        /** The one non-empty value a column has across a device's rows; a second, different value is an error. */
        private String sameAcross(List<CsvTable.Row> rows, String column) {
            return sameAcross(rows, column, false);
        }

        private String sameAcross(List<CsvTable.Row> rows, String column, boolean exact) {
            String value = "";
            CsvTable.Row at = null;
            for (CsvTable.Row r : rows) {
                String v = r.get(column);
                if (v.isEmpty()) {
                    continue;
                }
                if (value.isEmpty()) {
                    value = v;
                    at = r;
                } else if (exact ? !value.equals(v) : !value.equalsIgnoreCase(v)) {
                    // never echo a secret back into a report
                    boolean secret = column.contains("password");
                    error(r, column, (secret ? "differs from" : "'" + v + "' differs from '" + value + "' in") + " row " + at.number()
                            + " for the same MAC");
                }
            }
            return value;
        }

        /** Builds the lines and handsets of one device from its rows, by family. */
        private final class LinesBuilder {
            final Mac mac;
            final ModelInfo model;
            final List<Line> existingLines;
            final ExtensionAllocator allocator;
            /** The customer whose extension space the lines go into. */
            final long customer;
            final List<DevicePlan.LinePlan> lines = new ArrayList<>();
            final Map<String, Integer> positionByExtension = new HashMap<>();
            final TreeMap<Integer, List<Integer>> handsetLines = new TreeMap<>();
            final Map<Integer, String> handsetNames = new HashMap<>();
            final Map<String, Integer> seenRows = new HashMap<>();
            final Map<Integer, Integer> rowOfPosition = new HashMap<>();
            /** Line numbers the device's rows name, so a row without one takes a number none of them wants. */
            final Set<Integer> namedLines = new HashSet<>();
            CsvTable.Row unnumberedRow;

            LinesBuilder(Mac mac, ModelInfo model, List<Line> existingLines, ExtensionAllocator allocator, List<CsvTable.Row> rows, long customer) {
                this.mac = mac;
                this.customer = customer;
                this.model = model;
                this.existingLines = existingLines;
                this.allocator = allocator;
                for (CsvTable.Row r : rows) {
                    int n = number(r.get("line"));
                    if (n > 0) {
                        namedLines.add(n);
                    }
                }
            }

            void add(CsvTable.Row r) {
                String ext = r.get("extension");
                String display = r.get("display_name");
                String label = r.get("label");
                String handsetText = r.get("handset");
                String lineText = r.get("line");
                String key = ext + "|" + handsetText + "|" + lineText;
                Integer dup = seenRows.putIfAbsent(key, r.number());
                boolean listed = r.values().containsKey(LISTED_LINE);
                boolean unnumbered = ext.isEmpty() && handsetText.isEmpty() && lineText.isEmpty();
                // Unnumbered file rows are reported below, with how to number them.
                if (dup != null && !(unnumbered && (!listed || model.accounts() > 0 && !model.isDect()))) {
                    error(r, "extension", "repeats row " + dup + " (same MAC, extension, handset and line)");
                    return;
                }
                if (model.family().equals("dect-base")) {
                    if (!ext.isEmpty() || !display.isEmpty() || !handsetText.isEmpty() || !lineText.isEmpty()) {
                        error(r, "model", model.model() + " is a radio base without accounts of its own; assign lines to its DECT manager");
                    }
                    return;
                }
                Integer handset = null;
                if (!handsetText.isEmpty()) {
                    if (!model.isDect()) {
                        error(r, "handset", "only DECT bases have handsets; " + model.model() + " is "
                                + (model.isAnalogAdapter() ? "an analog adapter, whose lines are its FXS ports" : "a desk phone")
                                + " (use the line column for its line number)");
                        return;
                    }
                    handset = number(handsetText);
                    if (handset < 1 || handset > model.handsets()) {
                        error(r, "handset", "'" + handsetText + "' must be a number from 1 to " + model.handsets() + " for " + model.model());
                        return;
                    }
                } else if (model.oneAccountPerHandset()) {
                    error(r, "handset", model.model() + " carries one account per handset: give the handset number");
                    return;
                }
                Integer line = null;
                if (!lineText.isEmpty()) {
                    line = number(lineText);
                    if (line < 1 || line > model.accounts()) {
                        error(r, "line", "'" + lineText + "' must be a line number from 1 to " + model.accounts() + " for " + model.model()
                                + (model.isAnalogAdapter() ? " (at most " + model.accounts() + " line(s), one per FXS port)" : ""));
                        return;
                    }
                    if (model.oneAccountPerHandset() && !line.equals(handset)) {
                        error(r, "line", model.model() + " carries one account per handset: its line number is the handset number ("
                                + handset + "); leave line empty");
                        return;
                    }
                }
                if (line == null && handset == null && !listed) {
                    // A second row for a MAC is as often a MAC typed twice as a second line: only a
                    // row that names its line (or handset) adds one.
                    if (unnumberedRow != null) {
                        error(r, "line", "row " + unnumberedRow.number() + " already gives " + mac.colons() + " a line without a line number; "
                                + "to give a phone several lines, number each row in a line column (1 to " + model.accounts() + " for "
                                + model.model() + ")" + (model.isDect() ? " or name its handset in the handset column" : "")
                                + ", otherwise check the MAC");
                        return;
                    }
                    unnumberedRow = r;
                }
                if (!ext.isEmpty()) {
                    String owner = extensionOwner.get(customer + "|" + ext);
                    if (owner != null && !owner.equals(mac.hex())) {
                        error(r, "extension", "extension " + ext + " is already used by " + new Mac(owner).colons());
                        return;
                    }
                }

                Integer position = ext.isEmpty() ? null : positionByExtension.get(ext);
                if (position != null && !model.isDect()) {
                    error(r, "extension", "extension " + ext + " appears twice for this phone");
                    return;
                }
                if (position != null && line != null && !line.equals(position)) {
                    error(r, "line", "extension " + ext + " is line " + position + " of this phone in row " + rowOfPosition.get(position));
                    return;
                }
                if (position == null && line != null && rowOfPosition.containsKey(line)) {
                    if (model.isDect() && handset != null && ext.isEmpty()) {
                        position = line; // another handset on a line the base already has
                    } else {
                        error(r, "line", "line " + line + " is already given in row " + rowOfPosition.get(line));
                        return;
                    }
                }
                if (position == null) {
                    position = model.oneAccountPerHandset() ? handset : line != null ? line : nextFreePosition();
                    if (model.oneAccountPerHandset() && handsetLines.containsKey(handset)) {
                        error(r, "handset", "handset " + handset + " already has its one account on " + model.model());
                        return;
                    }
                    if (lines.size() + 1 > model.accounts() || position > model.accounts()) {
                        error(r, "extension", model.model() + " holds at most " + model.accounts()
                                + (model.isAnalogAdapter() ? " line(s), one per FXS port" : " account(s)"));
                        return;
                    }
                    DevicePlan.LinePlan plan = newLine(r, position, ext, display, label);
                    if (plan == null) {
                        return;
                    }
                    lines.add(plan);
                    positionByExtension.put(plan.extension(), position);
                    rowOfPosition.put(position, r.number());
                }
                if (handset != null) {
                    List<Integer> hl = handsetLines.computeIfAbsent(handset, k -> new ArrayList<>());
                    if (!hl.contains(position)) {
                        hl.add(position);
                    }
                    String hn = r.get("handset_name");
                    handsetNames.putIfAbsent(handset, hn.isEmpty() ? display : hn);
                }
            }

            /** The lowest line number neither taken nor named by a row of this phone still to come. */
            private int nextFreePosition() {
                int p = 1;
                while (rowOfPosition.containsKey(p) || namedLines.contains(p)) {
                    p++;
                }
                return p;
            }

            private static int number(String text) {
                try {
                    return Integer.parseInt(text);
                } catch (NumberFormatException e) {
                    return -1;
                }
            }

            private DevicePlan.LinePlan newLine(CsvTable.Row r, int position, String ext, String display, String label) {
                String authUser = r.get("auth_user");
                String password = r.get("password");
                Transport transport = Transport.UDP;
                Srtp srtp = Srtp.OFF;
                try {
                    if (!r.get("transport").isEmpty()) {
                        transport = Transport.parse(r.get("transport"));
                    }
                } catch (InventoryException e) {
                    error(r, "transport", e.getMessage());
                    return null;
                }
                try {
                    if (!r.get("srtp").isEmpty()) {
                        srtp = Srtp.parse(r.get("srtp"));
                    }
                } catch (InventoryException e) {
                    error(r, "srtp", e.getMessage());
                    return null;
                }
                if (!authUser.isEmpty() && !authUser.matches("[A-Za-z0-9._\\-]{1,64}")) {
                    error(r, "auth_user", "must be 1-64 letters, digits, '.', '_' or '-'");
                    return null;
                }
                if (!authUser.isEmpty() && authUsersInUse.contains(customer + "|" + authUser)
                        && existingLines.stream().noneMatch(l -> l.authUser().equals(authUser))) {
                    error(r, "auth_user", "auth user '" + authUser + "' is already in use");
                    return null;
                }
                if (!authUser.isEmpty()) {
                    CsvTable.Row other = authUsersInFile.putIfAbsent(customer + "|" + authUser, r);
                    if (other != null && other != r) {
                        error(r, "auth_user", "auth user '" + authUser + "' is also given in row " + other.number());
                        return null;
                    }
                }
                if (!password.isEmpty() && (password.length() < 8 || password.length() > 64 || Texts.hasControlCharacters(password))) {
                    error(r, "password", "must be 8-64 printable characters (leave empty to generate a strong one)");
                    return null;
                }
                String extension = ext;
                if (extension.isEmpty()) {
                    Line keep = mode == Mode.UPDATE_EXISTING ? existingLines.stream().filter(l -> l.position() == position).findFirst().orElse(null) : null;
                    if (keep != null && !positionByExtension.containsKey(keep.extension())) {
                        extension = keep.extension();
                    } else {
                        extension = allocator.next();
                        allocations.add(new ImportReport.Allocation(r.number(), mac.colons(), extension));
                    }
                }
                return new DevicePlan.LinePlan(position, extension, display, label, authUser.isEmpty() ? null : authUser,
                        password.isEmpty() ? null : password, transport, srtp, r.number());
            }

            List<DevicePlan.HandsetPlan> handsetPlans() {
                List<DevicePlan.HandsetPlan> out = new ArrayList<>();
                handsetLines.forEach((index, positions) ->
                        out.add(new DevicePlan.HandsetPlan(index, handsetNames.getOrDefault(index, ""), positions)));
                return out;
            }
        }
    }
}
