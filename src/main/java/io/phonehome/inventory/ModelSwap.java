package io.phonehome.inventory;

import java.util.Optional;

/**
 * What to make of a phone whose User-Agent names another model than the inventory holds (a
 * phone swapped on site: a T46S replaced by a T46U, a D715 put where the D785 was, a desk phone
 * plugged in where a DECT base was expected). One rule for the phone listener, which decides what
 * the phone gets, and for the admin API, which shows it as a device problem:
 *
 * <ul>
 * <li>the same model (also under another of its names): nothing to say;
 * <li>a model of the same vendor and the same kind of lines (desk, DECT, ... by family) with at
 *     least as many accounts as the device has lines: the inventory's configuration is served,
 *     which is what a like-for-like replacement needs, and the swap is reported;
 * <li>a model of another kind, or with fewer accounts than the device's lines: refused like an
 *     unknown file, since a desk phone's keys in a DECT base's file (or lines the phone cannot
 *     hold) do not work and may do harm;
 * <li>a name the catalog does not know: served (the catalog may not know a new firmware's name
 *     yet) and reported, so someone corrects the inventory or the catalog.
 * </ul>
 */
public final class ModelSwap {
    /** How the reported model compares with the inventory's. */
    public enum Verdict { SAME, COMPATIBLE, INCOMPATIBLE, UNKNOWN_MODEL }

    /** The verdict and a sentence for people (events, device problems). */
    public record Judgement(Verdict verdict, String inventoryModel, String reportedModel, String reason) {
        /** Whether the inventory's configuration is served to the phone. */
        public boolean serve() {
            return verdict != Verdict.INCOMPATIBLE;
        }

        public boolean mismatch() {
            return verdict != Verdict.SAME;
        }
    }

    private ModelSwap() {
    }

    /**
     * Whether {@code reportedModel} obviously names the inventory's model, so nothing needs to be
     * looked up (the hot path of every fetch).
     */
    public static boolean obviouslySame(Device device, String reportedModel) {
        return reportedModel == null || reportedModel.isEmpty() || reportedModel.equalsIgnoreCase(device.model());
    }

    /**
     * @param reportedModel the model the phone's User-Agent names (null: it names none)
     * @param lines         the lines the inventory gives the device
     */
    public static Judgement judge(SupportedModels models, Device device, String reportedModel, int lines) {
        if (obviouslySame(device, reportedModel)) {
            return new Judgement(Verdict.SAME, device.model(), reportedModel, "");
        }
        Optional<ModelInfo> expected = models.find(device.vendor(), device.model());
        Optional<ModelInfo> reported = models.find(device.vendor(), reportedModel);
        if (reported.isEmpty()) {
            // Another name of a catalog model (a kit's name for its base, a label spelling), as the import reads it.
            java.util.List<ModelInfo> named = new ModelNames(models).resolve(device.vendor(), reportedModel);
            reported = named.size() == 1 ? Optional.of(named.get(0)) : Optional.empty();
        }
        if (reported.isEmpty()) {
            return new Judgement(Verdict.UNKNOWN_MODEL, device.model(), reportedModel, "the phone reports model " + reportedModel
                    + ", which the " + device.vendor() + " model catalog does not know; the inventory says " + device.model()
                    + " and its configuration is served: correct the device's model, or add the model to <data_dir>/models.csv");
        }
        ModelInfo r = reported.get();
        if (expected.isPresent() && expected.get().model().equals(r.model())) {
            return new Judgement(Verdict.SAME, device.model(), reportedModel, "");
        }
        if (expected.isEmpty()) {
            return new Judgement(Verdict.INCOMPATIBLE, device.model(), r.model(), "the inventory's model " + device.model()
                    + " is no longer in the catalog and the phone reports " + r.model() + "; nothing is served until the device's model is corrected");
        }
        ModelInfo e = expected.get();
        if (!kind(e).equals(kind(r))) {
            return new Judgement(Verdict.INCOMPATIBLE, e.model(), r.model(), "the phone reports " + r.model() + " (" + kindName(r)
                    + ") where the inventory expects " + e.model() + " (" + kindName(e) + "); its configuration is refused until the "
                    + "device's model is corrected or the right phone is plugged in");
        }
        if (r.accounts() < lines) {
            return new Judgement(Verdict.INCOMPATIBLE, e.model(), r.model(), "the phone reports " + r.model() + ", which holds "
                    + r.accounts() + " account(s), but the inventory gives this " + e.model() + " " + lines + " line(s); its configuration "
                    + "is refused until the device's model and lines are corrected");
        }
        return new Judgement(Verdict.COMPATIBLE, e.model(), r.model(), "the phone reports " + r.model() + " where the inventory says "
                + e.model() + "; it is of the same kind and holds the " + lines + " line(s), so the " + e.model() + " configuration is "
                + "served; set the device's model to " + r.model() + " to match");
    }

    /** Desk phones, DECT systems (whatever part of one), or any other family as itself. */
    private static String kind(ModelInfo m) {
        return m.isDect() ? "dect" : m.family();
    }

    private static String kindName(ModelInfo m) {
        return m.isDect() ? "a DECT " + (m.family().equals("dect-base") ? "radio base" : "system") : "a " + m.family() + " phone";
    }
}
