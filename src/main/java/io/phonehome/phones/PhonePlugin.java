package io.phonehome.phones;

import io.phonehome.inventory.Mac;
import io.phonehome.inventory.ModelInfo;
import io.phonehome.inventory.SupportedModels;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything Phonehome knows about one vendor's phones. The provisioning, firmware and SIP edges
 * know the inventory, the security rules and their protocols; whatever differs between vendors
 * (file names, User-Agents, configuration syntax, value encodings, NOTIFY events, firmware image
 * naming) is asked of the plug-in, which owns it as data and small functions. Nothing outside the
 * plug-in packages branches on a vendor's id or imports a vendor's package; plug-ins never
 * import each other.
 *
 * <p>Registration: a plug-in is a public class with a public no-argument constructor, listed in
 * {@code META-INF/services/io.phonehome.phones.PhonePlugin} ({@link java.util.ServiceLoader});
 * {@link VendorRegistry#load} finds every one on the class path. Its templates are
 * {@code templates/<id>/} (on disk, or in the jar), its models the resource {@link #modelsResource()}.
 *
 * <p>Life cycle: the instance the service loader creates is asked only for {@link #id()} and
 * {@link #modelsResource()}; the catalog is then built from every plug-in's models and
 * {@link #withCatalog} gives the instance used from then on, one per process. Every other method
 * may be called from many threads at once, and on an I/O thread: it must be a pure function of
 * its arguments and the catalog (no I/O, no inventory access, no logging of request data, no
 * blocking), and cheap (see {@link #identify}).
 */
public interface PhonePlugin {

    /**
     * Stable lower-case id, e.g. {@code yealink}: the {@code vendor} of its devices and models,
     * its template directory {@code templates/<id>/} and its firmware directory
     * {@code firmware/<id>/}. Called at any time; returns a constant.
     */
    String id();

    /**
     * The class-path resource with this vendor's rows of the model catalog (the columns of
     * {@code models.csv}, every row of this vendor). Called once at start, before
     * {@link #withCatalog}. Rows in {@code <data_dir>/models.csv} add to and override them.
     */
    default String modelsResource() {
        return "models/" + id() + ".csv";
    }

    /**
     * Called once at start with the whole catalog (every plug-in's models plus the operator's);
     * returns the plug-in to use from then on. A plug-in whose file names come from catalog
     * attributes builds its tables here; the default needs nothing and returns itself.
     */
    default PhonePlugin withCatalog(SupportedModels models) {
        return this;
    }

    // ------------------------------------------------------------------ what phones ask for

    /**
     * Called for every fetch, with every plug-in, on the I/O thread: recognise the request or
     * return empty when the file name is not one of this vendor's. Refuse a foreign name before
     * any regular expression runs: this is the hot path of a boot storm. The score follows the
     * convention in {@link Identification}.
     */
    Optional<Identification> identify(FetchRequest request);

    /**
     * Reads an HTTP User-Agent of this vendor's phones (config fetches, firmware downloads).
     * Called for requests of unknown origin with every plug-in: return empty for any other
     * vendor's User-Agent, and never parse an absurdly long one.
     */
    Optional<AgentInfo> parseUserAgent(String userAgent);

    /**
     * The firmware version in a SIP REGISTER's User-Agent, when it is this vendor's phone that
     * sent it (a softphone registering a desk phone's line must not rewrite the desk phone's
     * firmware). Called off the SIP hot path, for a device of this vendor only.
     */
    Optional<String> firmwareInSipUserAgent(String userAgent);

    /**
     * The per-device files a phone of this model with this MAC asks for, in the order it asks
     * (the admin API previews them). Each must be recognised by {@link #identify} as that
     * device's. {@code model} is the catalog's name.
     */
    List<String> deviceFiles(Mac mac, String model);

    // ------------------------------------------------------------------ what phones get

    /**
     * Vendor-specific values for the templates, computed from the generic model just before a
     * render (time zone in the vendor's encoding, transport and SRTP codes, language names...).
     * The result is placed under {@code vendor} in the template data. Pure function of its input;
     * may throw {@link RenderException} for a model it cannot render.
     */
    Map<String, Object> vendorValues(ConfigModel model);

    /**
     * The generic programmable key types (line, blf, speed_dial, park, dnd, transfer, intercom,
     * voicemail) this plug-in writes for the model, each one a key the vendor documents for the
     * model's family. Keys of any other type are refused when they are entered, so that no file
     * silently leaves a key out. None by default.
     */
    default Set<String> keyTypes(ModelInfo model) {
        return Set.of();
    }

    /**
     * Why the model takes no programmable key at all, in the installer's terms (an analog adapter
     * has no keys; the vendor documents no key form for the family), so that keys entered for it
     * are refused with that reason rather than a bare "not supported". Empty when the model takes
     * keys, or when the plug-in has nothing to add to "no key types for this model".
     */
    default Optional<String> noKeysReason(ModelInfo model) {
        return Optional.empty();
    }

    /**
     * What is wrong with one key of a type {@link #keyTypes} offers, for the vendor's form of that
     * key on this model: a position its key numbering does not reach, a value its form cannot carry
     * or lacks, a key on an expansion module where the family's syntax has none. Checked when the
     * key is entered, so no file ever leaves such a key out. Empty when the key can be written.
     *
     * @param module   0 for the phone's own keys, M for expansion module M
     * @param position 1-based on the phone or the module
     * @param value    the key's value, empty where none was given
     */
    default Optional<String> keyProblem(ModelInfo model, int module, int position, String type, String value) {
        return Optional.empty();
    }

    /**
     * The template that answers this per-device request when the device is assigned to another
     * provisioning server (the RPS role): a minimal file that only points the phone's provisioning
     * URL there. It sees the usual data plus {@code redirect.url} and, when set,
     * {@code redirect.username} / {@code redirect.password}. Empty when this file has no redirect
     * form; the phone then gets 404 and moves on to its next file. The model of a redirect file
     * has a device and its model but no site, time zone, lines or handsets
     * ({@link ConfigModelBuilder#forRedirect}), and {@link #vendorValues} is called with it too.
     */
    Optional<String> redirectTemplate(Identification id);

    /**
     * Whether the file this identification answers carries a config revision: a number the phone
     * compares with the one it runs, applying the file only when it is higher. Its templates then
     * write {@code ${config_revision}} where the number goes, and the core gives each file a number
     * that rises with every change of its content and stays put otherwise, across restarts and
     * nodes ({@link ConfigRevisionStore}); {@link #formatConfigRevision} writes it in the vendor's
     * syntax. Called for every render; false by default (the variable is then not defined).
     */
    default boolean carriesConfigRevision(Identification id) {
        return false;
    }

    /**
     * A config revision in this vendor's syntax, e.g. a version element's text. Called only for
     * files {@link #carriesConfigRevision} says carry one; may throw {@link RenderException} for a
     * number the syntax cannot hold. Must not depend on anything but {@code revision}.
     */
    default String formatConfigRevision(long revision) {
        throw new RenderException(id() + " files carry no config revision");
    }

    /**
     * The Event headers of a NOTIFY that makes this vendor's phones re-sync or reboot. Called
     * by the SIP core for each remote action; returns a constant.
     */
    default NotifyEvents notifyEvents() {
        return NotifyEvents.CHECK_SYNC;
    }

    // ------------------------------------------------------------------ company phonebook

    /**
     * Where this vendor's phones fetch their company phonebook, relative to the provisioning base
     * URL (plain path segments, the device's MAC in them, e.g. {@code phonebook-<mac>.xml}); empty
     * when Phonehome serves no remote phonebook in this vendor's format. The core recognises a
     * request for this path as a per-device file of that MAC (so it is authorised exactly like the
     * device's configuration) rendered from {@link #phonebookTemplate()}, and gives every
     * per-device template the full URL as {@code phonebook.url}. Pure function of its arguments.
     */
    default Optional<String> phonebookPath(Mac mac) {
        return Optional.empty();
    }

    /** The template of the phonebook file, relative to {@code templates/<id>/}. Returns a constant. */
    default String phonebookTemplate() {
        return "phonebook.xml.ftlx";
    }

    // ------------------------------------------------------------------ firmware images

    /**
     * What an image file's name says, by this vendor's naming; empty when it follows none (the
     * image then needs a manifest). Called when the firmware catalog is indexed and for uploads.
     *
     * @param directories the directories between {@code firmware/<id>/} and the file, as laid
     *                    out by {@link #imageLayout()}
     */
    Optional<ImageName> parseImageName(List<String> directories, String fileName);

    /** Where images sit below {@code firmware/<id>/}. Returns a constant. */
    default ImageLayout imageLayout() {
        return ImageLayout.flat(id());
    }

    /**
     * The last segment of the URL an image is served under for {@code model}; the file's own
     * name unless the vendor's phones expand a URL pattern of their own. Must be a plain URL path
     * segment. Called when the catalog is indexed.
     */
    default String servedImageName(String model, String version, String fileName) {
        return fileName;
    }

    /**
     * The last segment of the firmware URL written into a device's configuration; {@code servedName}
     * unless the firmware expands a placeholder there (a DECT manager and its bases each fetching
     * their own image). Called on every render of a device due an upgrade.
     */
    default String imageUrlName(ModelInfo model, String version, String servedName) {
        return servedName;
    }

    /**
     * Why a raw key=value (the installer's escape hatch for a key nobody modelled) cannot be
     * written into this vendor's per-device file, or empty when it can. The template writes it
     * verbatim in the vendor's syntax (escaped only by the template's output format), so this
     * check is what keeps a value from starting a new line, element or key: refuse anything the
     * syntax could read as more than one key and value ({@link RawSettingRules} has the common
     * rules). Called when a value is set or imported, never on a render. The default refuses every
     * key: a vendor whose templates write no raw keys must not accept values it would drop.
     */
    default Optional<String> rawSettingProblem(String key, String value) {
        return Optional.of("the " + id() + " plug-in writes no raw keys");
    }

    /**
     * Why this vendor's phones cannot take a typed setting's value that Phonehome's own check
     * admits (a password character its file syntax or firmware refuses), or empty when they can.
     * Called for every plug-in whose devices the value's scope reaches, when it is set or
     * imported; the answer must not repeat the value (it may be a secret). None by default.
     */
    default Optional<String> typedSettingProblem(String name, String value) {
        return Optional.empty();
    }

    /**
     * The codecs of Phonehome's {@code codecs.order} a device of this model will not offer, each
     * with why: the model does not have it, or the plug-in knows no documented key or number to
     * write it with. Only documented facts; an empty map means every listed codec is written.
     * The settings API shows it beside the effective codec order.
     */
    default Map<String, String> codecsNotOffered(ModelInfo model, List<String> codecs) {
        return Map.of();
    }

    /** The codecs the catalog row says the model does not have ({@code codecs_missing}, space-separated). */
    static Set<String> missingCodecs(java.util.Map<String, String> attributes) {
        String v = attributes.getOrDefault("codecs_missing", "").trim();
        return v.isEmpty() ? Set.of() : Set.of(v.split("\\s+"));
    }
}
