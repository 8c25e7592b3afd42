package io.phonehome.provisioning;

import io.phonehome.auth.ProbeLimiter;
import io.phonehome.events.Event;
import io.phonehome.events.EventLog;
import io.phonehome.events.EventTypes;
import io.phonehome.events.SecurityLog;
import io.phonehome.events.SourceTally;
import io.phonehome.firmware.NetworkProof;
import io.phonehome.inventory.AuthMethod;
import io.phonehome.inventory.Device;
import io.phonehome.inventory.DeviceDirectory;
import io.phonehome.inventory.DeviceSnapshot;
import io.phonehome.inventory.Inventory;
import io.phonehome.inventory.Mac;
import io.phonehome.inventory.ModelInfo;
import io.phonehome.inventory.ModelSwap;
import io.phonehome.inventory.Redirect;
import io.phonehome.inventory.Site;
import io.phonehome.phones.ConfigFiles;
import io.phonehome.phones.DeviceFilePreview;
import io.phonehome.phones.FetchRequest;
import io.phonehome.phones.FileKind;
import io.phonehome.phones.Identification;
import io.phonehome.phones.PhoneAnswer;
import io.phonehome.phones.RenderException;
import io.phonehome.phones.VendorRegistry;
import io.phonehome.pki.Pem;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one answer to "what does this phone get": identify → find → redirect or not → common or
 * per-device file → authorise → render, returned as a {@link PhoneAnswer}. The phone listener,
 * the admin preview ({@link #previewFor}) and the firmware downloads' network rule
 * ({@link #fromTrustedNetwork}) all ask here, so none of them decides any of it its own way.
 *
 * <p>Two steps, one decision: {@link #answerFromMemory} answers from the device directory and
 * the render cache alone, or says {@link PhoneAnswer.Pending#NEEDS_WORKER} before doing anything
 * that may block (a database read, a render, a security-log line, the nonce count of a digest
 * check); {@link #answer} then decides the same request on a worker. The request keeps its
 * identification between the two.
 *
 * <p>Side effects (fetch records, events, the security log, the unknown-MAC tally, the probe
 * limiter, first-contact credential marks) are done here, by the step that returns the final
 * answer and never by one that returns {@code NEEDS_WORKER}, so none happens twice. A preview
 * has none. The per-source request budget is the listener's: it charges every answer it writes.
 *
 * <p>Errors phones see say nothing that helps an attacker tell an unknown MAC from a known one
 * with wrong credentials (both get the same digest challenge). Without credentials, a known, an
 * unknown and a redirected MAC (one whose redirect carries credentials) take the same path to the
 * same challenge, answered from memory: an unknown MAC is only counted ({@link SourceTally}),
 * never written per request.
 */
public final class PhoneFiles implements DeviceFilePreview, NetworkProof {
    private static final Logger log = LoggerFactory.getLogger(PhoneFiles.class);
    private static final PhoneAnswer NEEDS_WORKER = PhoneAnswer.Pending.NEEDS_WORKER;
    private static final PhoneAnswer.NotFound NO_SUCH_FILE = new PhoneAnswer.NotFound("no such file");

    private final VendorRegistry vendors;
    private final Inventory inventory;
    private final DeviceDirectory directory;
    private final ConfigFiles files;
    private final DeviceAuthorizer authorizer;
    private final ProbeLimiter limiter;
    private final FetchRecorder recorder;
    private final EventLog events;
    private final SecurityLog security;
    private final SourceTally tally;
    private final RedirectCache redirects;
    private final ModelMismatches mismatches = new ModelMismatches();
    private final PhoneAnswer.Serve caPem;
    private final PhoneAnswer.Serve caDer;
    /** Where {@link #rehearse} leaves its result: read by nothing, racy by design. */
    private int rehearsals;

    public PhoneFiles(ConfigFiles files, Inventory inventory, DeviceDirectory directory, DeviceAuthorizer authorizer, ProbeLimiter limiter,
                      FetchRecorder recorder, EventLog events, SecurityLog security, SourceTally tally, X509Certificate ca) {
        this.vendors = files.vendors();
        this.files = files;
        this.inventory = inventory;
        this.directory = directory;
        this.authorizer = authorizer;
        this.limiter = limiter;
        this.recorder = recorder;
        this.events = events;
        this.security = security;
        this.tally = tally;
        this.redirects = new RedirectCache(inventory.jdbc(), inventory.redirects());
        this.caPem = new PhoneAnswer.Serve(new ConfigFiles.Rendered(Pem.encode(ca).getBytes(StandardCharsets.US_ASCII), null,
                "application/x-pem-file"), false, null, null);
        try {
            this.caDer = new PhoneAnswer.Serve(new ConfigFiles.Rendered(ca.getEncoded(), null, "application/x-x509-ca-cert"), false, null, null);
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException("CA certificate cannot be encoded", e);
        }
    }

    /**
     * The answer when everything it needs is in memory (the device directory has the device, the
     * render cache has the file), else {@link PhoneAnswer.Pending#NEEDS_WORKER} with nothing done.
     * Safe on an I/O thread: it neither blocks nor takes a lock.
     */
    public PhoneAnswer answerFromMemory(PhoneRequest r) {
        return decide(r, false);
    }

    /** The answer, reading and rendering what it must: call it on a worker thread. */
    public PhoneAnswer answer(PhoneRequest r) {
        return decide(r, true);
    }

    /**
     * What {@code device} gets for {@code fileName} fetched from {@code origin}, taking the request
     * as proved to come from the device (the preview's authorisation is the admin role's), with the
     * model and firmware it last reported. Identification is by the device's own vendor: a file name
     * that only a User-Agent can tie to a model is not found.
     */
    @Override
    public PhoneAnswer previewFor(Device device, String fileName, ConfigFiles.Origin origin) {
        FetchRequest fetch = new FetchRequest(fileName, "", "");
        Optional<Identification> found = vendors.identifyAs(device.vendor(), fetch);
        if (found.isEmpty()) {
            return new PhoneAnswer.NotFound("'" + fileName + "' is not a file name " + device.vendor() + " phones ask for "
                    + "(or only their User-Agent says which model it is for)");
        }
        Identification f = found.get();
        if (f.kind() == FileKind.DEVICE && !device.mac().equals(f.mac())) {
            return new PhoneAnswer.Refused(400, "'" + fileName + "' is the file of " + f.mac().colons() + ", not of " + device.mac().colons());
        }
        PhoneRequest r = new PhoneRequest(fetch, null, origin, true, null, "GET", "/" + fileName, device);
        // What the phone would report: the model and firmware it reported last, and its own MAC in the User-Agent.
        r.id = new Identification(f.vendor(), f.score(), f.kind(), f.pathMac(), f.kind() == FileKind.COMMON ? device.mac() : f.agentMac(),
                device.reportedModel() != null ? device.reportedModel() : device.model(), device.reportedFirmware(), f.template(), f.contentType());
        r.identified = true;
        return decide(r, true);
    }

    /** The site rule "allowed networks" for {@code device}, as a configuration fetch is judged by it. */
    @Override
    public boolean fromTrustedNetwork(Device device, InetAddress source) {
        Site site = directory.find(device.mac()).map(DeviceSnapshot.Head::site).orElse(null);
        return site != null && authorizer.grantsByNetwork(site, source);
    }

    private PhoneAnswer decide(PhoneRequest r, boolean mayBlock) {
        if (!r.identified) {
            String name = r.fileName();
            if (name.equals("phonehome-ca.pem")) {
                return caPem;
            }
            if (name.equals("phonehome-ca.crt") || name.equals("phonehome-ca.der")) {
                return caDer;
            }
            r.id = vendors.identify(r.fetch).orElse(null);
            r.identified = true;
        }
        Identification id = r.id;
        if (id == null) {
            return NO_SUCH_FILE;
        }
        if (id.macsDisagree()) {
            if (!mayBlock) {
                return NEEDS_WORKER;
            }
            security.write("mac_mismatch", "provisioning", r.source, "mac", id.pathMac().hex(), "agent_mac", id.agentMac().hex(), "file", r.fileName());
            missFrom(r.source);
            tally.count(EventTypes.BAD_REQUEST, "mac_mismatch", r.source, id.pathMac().hex(), r.fileName());
            return new PhoneAnswer.Refused(400, "the MAC in the User-Agent does not match the file name");
        }
        return id.kind() == FileKind.COMMON ? common(r, id, mayBlock) : device(r, mayBlock);
    }

    /** The device and its site; null when only a read could say (never on a worker). */
    private Optional<DeviceSnapshot.Head> find(Mac mac, boolean mayBlock) {
        return mayBlock ? directory.find(mac) : directory.findInMemory(mac);
    }

    private PhoneAnswer common(PhoneRequest r, Identification id, boolean mayBlock) {
        // Served alike whatever MAC the User-Agent names, redirected or not: a common file holds
        // nothing of any device or site (a redirected phone's redirect is decided on its per-MAC
        // file), and refusing it to redirected devices told anyone which MACs were redirected.
        Device agentDevice = null;
        if (id.agentMac() != null && r.fromPhone()) {
            Optional<DeviceSnapshot.Head> agent = find(id.agentMac(), mayBlock);
            if (agent == null) {
                return NEEDS_WORKER;
            }
            agentDevice = agent.map(DeviceSnapshot.Head::device).orElse(null);
        }
        ModelInfo model = null;
        if (id.model() != null) {
            model = inventory.models().find(id.vendor(), id.model()).orElse(null);
            if (model == null) {
                return new PhoneAnswer.NotFound("model not supported");
            }
        }
        ConfigFiles.Rendered entry;
        try {
            entry = mayBlock ? files.common(id, model, r.fileName(), r.origin, id.agentMac(), purpose(r))
                    : files.cachedCommon(id, model, r.fileName(), r.origin, id.agentMac());
        } catch (RenderException e) {
            return renderFailed(r, null, e);
        }
        if (entry == null) {
            return NEEDS_WORKER;
        }
        // Queued before the answer goes out (queueing costs nothing): whoever has seen the answer
        // can then rely on FetchRecorder.flush() to include this fetch.
        if (agentDevice != null) {
            recorder.record(new FetchRecorder.Fetch(Instant.now(), agentDevice, r.source, id.model(), id.firmware(),
                    r.fileName(), "ok", fetchDetail(r, "common"), served(r, entry)));
        }
        return new PhoneAnswer.Serve(entry, false, id, id.template());
    }

    private PhoneAnswer device(PhoneRequest r, boolean mayBlock) {
        if (r.fromPhone() && limiter.isBlocked(r.source)) {
            return new PhoneAnswer.TooManyRequests(limiter.retryAfterSeconds(r.source), "too many failed attempts from this address; try again later");
        }
        Mac mac = r.id.mac();
        Optional<DeviceSnapshot.Head> found = find(mac, mayBlock);
        if (found == null) {
            return NEEDS_WORKER;
        }
        DeviceSnapshot.Head head = found.orElse(null);
        Device device = head == null ? null : head.device();
        if (device != null && !device.vendor().equals(r.id.vendor())) {
            // The file name is shared between vendors (<mac>.cfg): the inventory knows better.
            // Kept in the request, so a worker does not identify it again.
            Optional<Identification> as = vendors.identifyAs(device.vendor(), r.fetch);
            if (as.isEmpty() || as.get().kind() != FileKind.DEVICE) {
                return NO_SUCH_FILE;
            }
            r.id = as.get();
        }
        // RPS redirection: a device assigned to another provisioning server gets
        // only its vendor's minimal redirect file, never anything of a site here.
        Optional<Redirect> redirect = Optional.empty();
        if (device != null && device.siteId() == null) {    // only a device without a site can be redirected
            redirect = redirects.cached(device.id());
            if (redirect == null) {
                if (!mayBlock) {
                    return NEEDS_WORKER;
                }
                redirect = redirects.load(device.id());
            }
        }
        if (redirect.isPresent()) {
            return redirect(r, device, redirect.get(), mayBlock);
        }
        Site site = head == null ? null : head.site();
        Instant now = Instant.now();
        String how = "preview";
        if (r.fromPhone()) {
            DeviceAuthorizer.Proof proof = new DeviceAuthorizer.Proof(r.sourceAddress, certificateMacs(r, site), r.authorization, r.method, r.uri, r.secure);
            if (proof.authorization() != null && !mayBlock) {
                // Checking digest credentials uses up their nonce count: once, on the thread that finishes the request.
                return NEEDS_WORKER;
            }
            if (device == null && proof.authorization() == null) {
                rehearse(r, mac, proof, now);
            }
            AuthOutcome outcome = authorizer.authorize(mac, device, site, proof, now);
            if (!outcome.granted()) {
                // A plain challenge is answered from memory whatever the MAC: known, unknown and
                // redirected MACs must take the same time. Anything else writes a log line.
                if (outcome != AuthOutcome.CHALLENGE && !mayBlock) {
                    return NEEDS_WORKER;
                }
                return refuse(r, mac, device, device == null || site == null, outcome);
            }
            boolean firstOwnCredentials = outcome == AuthOutcome.GRANTED_DEVICE_CREDENTIALS
                    && (device.provPasswordUsedAt() == null || device.ownCredentialsSince() == null);
            boolean firstCertificate = outcome == AuthOutcome.GRANTED_CLIENT_CERT && device.ownCredentialsSince() == null;
            if ((firstOwnCredentials || firstCertificate) && !mayBlock) {
                return NEEDS_WORKER;
            }
            if (firstOwnCredentials) {
                inventory.devices().markOwnCredentialsUsed(device.id(), now);
                directory.credentialsUsed(mac, d -> d.withOwnCredentialsUsed(now));
            } else if (firstCertificate) {
                inventory.devices().markClientCertificateUsed(device.id(), now);
                directory.credentialsUsed(mac, d -> d.withClientCertificateUsed(now));
            }
            how = outcome.label();
        }
        if (!ModelSwap.obviouslySame(device, r.id.model())) {
            if (!mayBlock) {
                return NEEDS_WORKER;   // a swapped phone is rare: counting its lines may read the database
            }
            PhoneAnswer refused = swappedPhone(r, device, now, how);
            if (refused != null) {
                return refused;
            }
        } else if (r.fromPhone() && r.id.model() != null) {
            mismatches.settled(device);
        }
        Identification id = r.id;
        ConfigFiles.Rendered entry;
        try {
            entry = mayBlock ? files.device(id, id.template(), device, site, r.fileName(), r.origin, Map.of(), purpose(r))
                    : files.cachedDevice(id, id.template(), device, site, r.fileName(), r.origin, Map.of());
        } catch (RenderException e) {
            return renderFailed(r, device, e);
        }
        if (entry == null) {
            return NEEDS_WORKER;
        }
        if (r.fromPhone()) {
            recorder.record(new FetchRecorder.Fetch(now, device, r.source, id.model(), id.firmware(),
                    r.fileName(), "ok", fetchDetail(r, how), served(r, entry)));
        }
        return new PhoneAnswer.Serve(entry, true, id, id.template());
    }

    /**
     * Spends on another device's entry what a known MAC's challenge spends on its own: reading
     * the entry, the redirect check, and the rules that could let a phone in without credentials;
     * the outcome is thrown away. Without it an unknown MAC was answered 0.5-1.5 µs sooner (a
     * lookup that finds a device reads its entry, device and site from memory, a miss reads
     * none), enough for a statistical test to tell the MACs in the inventory from the rest
     * ({@code MacClassesLookAlikeIT}). Only without credentials: those are checked on a worker.
     */
    private void rehearse(PhoneRequest r, Mac mac, DeviceAuthorizer.Proof proof, Instant now) {
        DeviceSnapshot.Head standIn = directory.standInFor(mac);
        if (standIn == null) {
            return;
        }
        Device d = standIn.device();
        AuthOutcome outcome;
        if (d.siteId() == null) {
            Optional<Redirect> redirect = redirects.cached(d.id());
            outcome = redirect != null && redirect.isPresent() ? authorizer.authorizeRedirect(d.mac(), d, proof)
                    : authorizer.authorize(d.mac(), d, null, proof, now);
        } else {
            outcome = authorizer.authorize(d.mac(), d, standIn.site(), proof, now);
        }
        // Written, so the compiler cannot drop the work as unused.
        rehearsals += outcome.ordinal() + (d.vendor().equals(r.id.vendor()) ? 1 : 0);
    }

    /**
     * A phone whose User-Agent names another model than the inventory: {@link ModelSwap} decides
     * whether the inventory's configuration still fits it. Announced once per change as a
     * {@code model_mismatch} event; a refusal is the answer to an unknown file (it carries nothing
     * of the device) and is recorded as a fetch, so the reported model reaches the inventory and
     * the device's problems.
     *
     * @return the refusal, or null when the configuration is served
     */
    private PhoneAnswer swappedPhone(PhoneRequest r, Device device, Instant now, String how) {
        ModelSwap.Judgement swap = ModelSwap.judge(inventory.models(), device, r.id.model(), inventory.lines().byDevice(device.id()).size());
        if (!swap.mismatch()) {
            return null;
        }
        if (r.fromPhone() && mismatches.isNew(device, swap)) {
            log.warn("{} reports model {} where the inventory has {}: {}", device.mac().colons(), swap.reportedModel(), swap.inventoryModel(),
                    swap.serve() ? "served" : "refused");
            events.record(Event.of(EventTypes.MODEL_MISMATCH, swap.serve() ? "served" : "refused", device.mac().hex(), device.siteId(), r.source,
                    "inventory=" + swap.inventoryModel() + " reported=" + swap.reportedModel() + " file=" + r.fileName() + ": " + swap.reason()));
        }
        if (swap.serve()) {
            return null;
        }
        if (!r.fromPhone()) {
            return new PhoneAnswer.NotFound(swap.reason());   // a preview says why; the phone learns nothing
        }
        recorder.record(new FetchRecorder.Fetch(now, device, r.source, r.id.model(), r.id.firmware(), r.fileName(), "refused",
                fetchDetail(r, how) + " refused=model_mismatch", null));
        return NO_SUCH_FILE;
    }

    /**
     * The vendor's redirect form of the requested file. Without credentials for the other
     * server it is served to whoever asks (it says no more than DHCP option 66 would); with
     * credentials it needs the proof {@link DeviceAuthorizer#authorizeRedirect} describes.
     */
    private PhoneAnswer redirect(PhoneRequest r, Device device, Redirect target, boolean mayBlock) {
        Mac mac = device.mac();
        Instant now = Instant.now();
        String how = "none";
        if (target.hasCredentials() && r.fromPhone()) {
            DeviceAuthorizer.Proof proof = new DeviceAuthorizer.Proof(r.sourceAddress, r.certificateMacs(), r.authorization, r.method, r.uri, r.secure);
            if (proof.authorization() != null && !mayBlock) {
                return NEEDS_WORKER;   // checking credentials uses up a nonce count: once, on the finishing thread
            }
            AuthOutcome outcome = authorizer.authorizeRedirect(mac, device, proof);
            if (!outcome.granted()) {
                if (outcome != AuthOutcome.CHALLENGE && !mayBlock) {
                    return NEEDS_WORKER;
                }
                return refuse(r, mac, device, false, outcome);
            }
            how = outcome.label();
        }
        if (!mayBlock) {
            return NEEDS_WORKER;   // the redirect file is rendered each time
        }
        Identification id = r.id;
        Optional<ConfigFiles.Rendered> entry;
        try {
            entry = files.redirect(id, device, target, r.fileName(), r.origin, purpose(r));
        } catch (RenderException e) {
            return renderFailed(r, device, e);
        }
        if (entry.isEmpty()) {
            return NO_SUCH_FILE;
        }
        if (r.fromPhone()) {
            String host = java.net.URI.create(target.url()).getHost();
            recorder.record(new FetchRecorder.Fetch(now, device, r.source, id.model(), id.firmware(), r.fileName(),
                    "redirected", fetchDetail(r, how) + " redirect=" + host, served(r, entry.get())));
        }
        String template = vendors.plugin(id.vendor()).flatMap(p -> p.redirectTemplate(id)).orElse("");
        // A redirect given without proof is an unauthenticated answer like a common file.
        return new PhoneAnswer.Serve(entry.get(), target.hasCredentials(), id, template);
    }

    /**
     * @param unknown the MAC cannot be served here (not in the inventory, or without a site).
     *                Its requests are counted per source and interval, not written one by one:
     *                anyone can send them, as fast as they like.
     */
    private PhoneAnswer refuse(PhoneRequest r, Mac mac, Device device, boolean unknown, AuthOutcome outcome) {
        if (outcome == AuthOutcome.DENIED) {
            String reason = unknown ? "unknown_mac" : "bad_credentials";
            security.write("auth_failure", "provisioning", r.source, "mac", mac.hex(), "file", r.fileName(), "reason", reason);
            if (unknown) {
                tally.count(EventTypes.UNKNOWN_MAC, reason, r.source, mac.hex(), r.fileName());
            } else {
                events.record(Event.of(EventTypes.AUTH_FAILURE, reason, mac.hex(), device == null ? null : device.siteId(), r.source,
                        "file " + r.fileName()));
            }
            missFrom(r.source);
        } else if (outcome == AuthOutcome.CHALLENGE) {
            // Known, unknown and redirected MACs: the same count, so a challenge's time says
            // nothing about the MAC (a known one without the count answered measurably faster).
            tally.count(unknown ? EventTypes.UNKNOWN_MAC : EventTypes.CHALLENGED, "challenged", r.source, mac.hex(), r.fileName());
        }
        return new PhoneAnswer.Challenge(authorizer.challenge(outcome == AuthOutcome.STALE));
    }

    /** A preview shows a file's config revision without raising it; a phone's fetch raises it. */
    private static ConfigFiles.Purpose purpose(PhoneRequest r) {
        return r.fromPhone() ? ConfigFiles.Purpose.SERVE : ConfigFiles.Purpose.PREVIEW;
    }

    private void missFrom(String source) {
        if (limiter.recordMiss(source)) {
            security.banned("provisioning", source, "too_many_failures", limiter.retryAfterSeconds(source));
        }
    }

    private PhoneAnswer renderFailed(PhoneRequest r, Device device, RenderException e) {
        if (r.fromPhone()) {
            Mac mac = r.id.mac();
            log.error("cannot render {} for {}: {}", r.fileName(), mac == null ? r.id.model() : mac, e.getMessage());
            events.record(Event.of(EventTypes.RENDER_ERROR, "error", mac == null ? null : mac.hex(),
                    device == null ? null : device.siteId(), r.source, "file " + r.fileName() + ": " + e.getMessage()));
        }
        return new PhoneAnswer.RenderFailed(e.getMessage());
    }

    /** Client-certificate proof is only looked at when the site accepts it. */
    /**
     * The MACs the TLS client certificate proves, read when the site accepts certificates. An
     * unknown MAC (no site) has them read too, as under the default methods: reading the session's
     * peer certificates is the costliest step of a challenge, and skipping it for unknown MACs made
     * them answer measurably faster than known ones.
     */
    private static Set<String> certificateMacs(PhoneRequest r, Site site) {
        if (site != null && !site.authMethods().contains(AuthMethod.CLIENT_CERT)) {
            return Set.of();
        }
        return r.certificateMacs();
    }

    /** The served bytes as the recorder keeps them (for the admin preview's diff). */
    private static FetchRecorder.Served served(PhoneRequest r, ConfigFiles.Rendered entry) {
        return new FetchRecorder.Served(entry.body(), entry.etag(), r.origin.baseUrl(), r.origin.serverHost());
    }

    private static String fetchDetail(PhoneRequest r, String how) {
        Identification id = r.id;
        return "file=" + r.fileName() + " auth=" + how + (id.firmware() == null ? "" : " firmware=" + id.firmware())
                + (id.model() == null ? "" : " model=" + id.model());
    }
}
