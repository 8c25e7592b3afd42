package io.phonehome.phones;

import freemarker.cache.ClassTemplateLoader;
import freemarker.cache.FileTemplateLoader;
import freemarker.cache.MruCacheStorage;
import freemarker.cache.MultiTemplateLoader;
import freemarker.cache.TemplateLoader;
import freemarker.cache.TemplateLookupContext;
import freemarker.cache.TemplateLookupResult;
import freemarker.cache.TemplateLookupStrategy;
import freemarker.core.TemplateClassResolver;
import freemarker.template.Configuration;
import freemarker.template.SimpleObjectWrapper;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import freemarker.template.TemplateNotFoundException;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders {@code templates/<vendor>/...} with FreeMarker, locked down and strict:
 * <ul>
 * <li>no {@code ?new} (nothing may be instantiated), no {@code ?api}, and only plain data in the
 *     model ({@link SimpleObjectWrapper}: maps, lists, strings, numbers, booleans), so a template
 *     cannot reach a Java class;</li>
 * <li>a missing value or any other template error aborts the render ({@code RETHROW_HANDLER}):
 *     never half a config;</li>
 * <li>templates load only from the template directory (symlinks out of it are refused by the
 *     file loader) or the stock copy inside the jar;</li>
 * <li>{@code .ftlx} templates escape XML automatically, {@code .ftl} templates are plain text.</li>
 * </ul>
 * Lookup per device, then per model, then the vendor base: {@code yealink/mac.cfg.ftl} is
 * searched as {@code yealink/devices/<mac>/mac.cfg.ftl}, {@code yealink/models/<MODEL>/mac.cfg.ftl},
 * {@code yealink/mac.cfg.ftl}; includes follow the same chain. Edited templates are noticed
 * within {@code template_check_seconds} without a restart; {@link #generation()} changes then,
 * which invalidates rendered-file caches.
 */
public final class TemplateRenderer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TemplateRenderer.class);

    private final Configuration cfg;
    private final Path templatesDir;
    private final long checkMillis;
    private final AtomicLong generation = new AtomicLong(1);
    private volatile String fingerprint;
    /** Re-reads the directory in the background, so no request thread (an I/O thread among them) walks it. */
    private final ScheduledExecutorService watcher;

    /**
     * @param templatesDir the on-disk template root; may be missing, then only the stock
     *                     templates inside the jar are used
     * @param checkSeconds how often the directory is re-read for edits (0 = before every render)
     */
    public TemplateRenderer(Path templatesDir, int checkSeconds) {
        this.templatesDir = templatesDir;
        this.checkMillis = checkSeconds * 1000L;
        this.cfg = new Configuration(Configuration.VERSION_2_3_34);
        List<TemplateLoader> loaders = new ArrayList<>();
        if (templatesDir != null && Files.isDirectory(templatesDir)) {
            try {
                loaders.add(new FileTemplateLoader(templatesDir.toFile(), false));
            } catch (IOException e) {
                throw new RenderException("cannot use template directory " + templatesDir, e);
            }
        } else {
            log.warn("template directory {} not found; using the stock templates inside the jar", templatesDir);
        }
        loaders.add(new ClassTemplateLoader(TemplateRenderer.class.getClassLoader(), "templates"));
        cfg.setTemplateLoader(new MultiTemplateLoader(loaders.toArray(new TemplateLoader[0])));
        cfg.setTemplateLookupStrategy(new OverrideLookup());
        cfg.setLocalizedLookup(false);
        cfg.setCacheStorage(new MruCacheStorage(200, 2000));
        // Staleness is driven by our own directory fingerprint (see refreshIfChanged), so the
        // loader is never polled on the hot path.
        cfg.setTemplateUpdateDelayMilliseconds(Long.MAX_VALUE);
        cfg.setDefaultEncoding("UTF-8");
        cfg.setOutputEncoding("UTF-8");
        cfg.setRecognizeStandardFileExtensions(true);
        cfg.setNewBuiltinClassResolver(TemplateClassResolver.ALLOWS_NOTHING_RESOLVER);
        cfg.setAPIBuiltinEnabled(false);
        cfg.setObjectWrapper(new SimpleObjectWrapper(Configuration.VERSION_2_3_34));
        cfg.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        cfg.setAttemptExceptionReporter((te, env) -> { });
        cfg.setLogTemplateExceptions(false);
        cfg.setWrapUncheckedExceptions(true);
        cfg.setFallbackOnNullLoopVariable(false);
        cfg.setNumberFormat("computer");
        cfg.setBooleanFormat("c");
        cfg.setLocale(Locale.ROOT);
        cfg.setTimeZone(java.util.TimeZone.getTimeZone("UTC"));
        this.fingerprint = computeFingerprint();
        this.watcher = checkMillis > 0 ? Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "template-watch");
            t.setDaemon(true);
            return t;
        }) : null;
    }

    /**
     * Starts the {@code template-watch} thread that notices edits every {@code checkSeconds}
     * (building a renderer starts none: the composition root decides when threads run). With
     * {@code checkSeconds} 0 there is no thread: every render checks first.
     */
    public TemplateRenderer startWatching() {
        if (watcher != null) {
            watcher.scheduleWithFixedDelay(this::refreshIfChanged, checkMillis, checkMillis, TimeUnit.MILLISECONDS);
        }
        return this;
    }

    @Override
    public void close() {
        if (watcher != null) {
            watcher.shutdownNow();
        }
    }

    /**
     * One template file and where it applies.
     *
     * @param path    below the template root, e.g. {@code yealink/models/T46U/mac.cfg.ftl}
     * @param scope   {@code base} (every device of the vendor), {@code model} or {@code device}
     * @param subject the model or MAC of an override, null for base templates
     * @param source  {@code disk} (the template directory) or {@code jar} (the stock copy in use
     *                because the directory has no such file)
     */
    public record TemplateFile(String vendor, String path, String scope, String subject, String source, long sizeBytes) {
    }

    /** Every template file that can be used: the template directory's, then the stock ones it does not override. */
    public List<TemplateFile> list() {
        java.util.Map<String, TemplateFile> out = new java.util.TreeMap<>();
        if (templatesDir != null && Files.isDirectory(templatesDir)) {
            collect(templatesDir, "disk", out);
        }
        java.net.URL stock = TemplateRenderer.class.getClassLoader().getResource("templates");
        if (stock != null) {
            try {
                java.net.URI uri = stock.toURI();
                if (uri.getScheme().equals("jar")) {
                    java.nio.file.FileSystem fs;
                    try {
                        fs = java.nio.file.FileSystems.newFileSystem(uri, Map.of());
                    } catch (java.nio.file.FileSystemAlreadyExistsException e) {
                        fs = java.nio.file.FileSystems.getFileSystem(uri);
                    }
                    collect(fs.provider().getPath(uri), "jar", out);
                } else {
                    collect(Path.of(uri), "jar", out);
                }
            } catch (java.net.URISyntaxException | IOException | RuntimeException e) {
                log.warn("cannot list the stock templates: {}", e.getMessage());
            }
        }
        return List.copyOf(out.values());
    }

    private static void collect(Path root, String source, java.util.Map<String, TemplateFile> out) {
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(Files::isRegularFile).forEach(p -> {
                String rel = root.relativize(p).toString().replace('\\', '/');
                String[] parts = rel.split("/");
                if (parts.length < 2 || !(rel.endsWith(".ftl") || rel.endsWith(".ftlx"))) {
                    return;
                }
                String scope = "base";
                String subject = null;
                if (parts.length >= 4 && parts[1].equals("devices")) {
                    scope = "device";
                    subject = parts[2];
                } else if (parts.length >= 4 && parts[1].equals("models")) {
                    scope = "model";
                    subject = parts[2];
                }
                long size;
                try {
                    size = Files.size(p);
                } catch (IOException e) {
                    size = -1;
                }
                out.putIfAbsent(rel, new TemplateFile(parts[0], rel, scope, subject, source, size));
            });
        } catch (IOException | java.io.UncheckedIOException e) {
            log.warn("cannot list templates under {}: {}", root, e.getMessage());
        }
    }

    /**
     * The file a device's template resolves to, the way {@link #render} looks it up: the device's
     * override, the model's, or the vendor base ({@code jar:} prefix when only the stock copy has it).
     */
    public String resolve(String vendor, String template, String mac, String model) {
        if (templatesDir != null) {
            for (String dir : new String[] {mac == null ? null : "devices/" + mac, model == null ? null : "models/" + model}) {
                if (dir != null && Files.isRegularFile(templatesDir.resolve(vendor).resolve(dir).resolve(template))) {
                    return vendor + "/" + dir + "/" + template;
                }
            }
            if (Files.isRegularFile(templatesDir.resolve(vendor).resolve(template))) {
                return vendor + "/" + template;
            }
        }
        return "jar:" + vendor + "/" + template;
    }

    /** Changes whenever the template files on disk change (noticed within the check interval). */
    public long generation() {
        if (checkMillis == 0) {
            refreshIfChanged();
        }
        return generation.get();
    }

    /**
     * Renders one template.
     *
     * @param vendor   the template directory, e.g. {@code yealink}
     * @param template the template path below it, e.g. {@code mac.cfg.ftl}
     * @param mac      12 hex digits for per-device overrides, or null
     * @param model    the catalog model for per-model overrides, or null
     * @throws RenderException with the template, line and what was missing
     */
    public String render(String vendor, String template, String mac, String model, Map<String, Object> data) {
        if (checkMillis == 0) {
            refreshIfChanged();
        }
        Chain chain = chainFor(vendor, mac, model);
        String name = vendor + "/" + template;
        try {
            Template t = cfg.getTemplate(name, null, chain, null, true, false);
            StringWriter out = new StringWriter(4096);
            t.process(data, out);
            return out.toString();
        } catch (TemplateNotFoundException e) {
            throw new RenderException("template " + name + " does not exist", e);
        } catch (TemplateException e) {
            throw new RenderException("template " + name + " failed: " + describe(e), e);
        } catch (IOException | RuntimeException e) {
            throw new RenderException("template " + name + " failed: " + e.getMessage(), e);
        }
    }

    private static String describe(TemplateException e) {
        String where = e.getTemplateSourceName() == null ? "" : e.getTemplateSourceName() + " line " + e.getLineNumber() + ": ";
        String expr = e.getBlamedExpressionString();
        String msg = e.getMessageWithoutStackTop();
        int cut = msg.indexOf("\n\n");
        String first = (cut > 0 ? msg.substring(0, cut) : msg).replaceAll("\\s+", " ").trim();
        return where + (expr != null ? "'" + expr + "': " : "") + first;
    }

    /**
     * The override chain for a device. Only existing override directories go into it, so the
     * (bounded) template cache holds one entry per template for ordinary devices rather than one
     * per device.
     */
    private Chain chainFor(String vendor, String mac, String model) {
        String deviceDir = null;
        String modelDir = null;
        if (templatesDir != null) {
            if (mac != null && Files.isDirectory(templatesDir.resolve(vendor).resolve("devices").resolve(mac))) {
                deviceDir = "devices/" + mac;
            }
            if (model != null && Files.isDirectory(templatesDir.resolve(vendor).resolve("models").resolve(model))) {
                modelDir = "models/" + model;
            }
        }
        return deviceDir == null && modelDir == null ? null : new Chain(deviceDir, modelDir);
    }

    /** The override directories to try before the vendor base (either may be null). */
    private record Chain(String deviceDir, String modelDir) {
    }

    /** {@code <vendor>/<rest>} → device dir, model dir, then the name itself. */
    private static final class OverrideLookup extends TemplateLookupStrategy {
        @Override
        public TemplateLookupResult lookup(TemplateLookupContext ctx) throws IOException {
            String name = ctx.getTemplateName();
            Object cond = ctx.getCustomLookupCondition();
            int slash = name.indexOf('/');
            if (cond instanceof Chain chain && slash > 0) {
                String vendor = name.substring(0, slash);
                String rest = name.substring(slash + 1);
                for (String dir : new String[] {chain.deviceDir(), chain.modelDir()}) {
                    if (dir != null) {
                        TemplateLookupResult r = ctx.lookupWithAcquisitionStrategy(vendor + "/" + dir + "/" + rest);
                        if (r.isPositive()) {
                            return r;
                        }
                    }
                }
            }
            return ctx.lookupWithAcquisitionStrategy(name);
        }
    }

    /** Called before every render when checkMillis is 0, else by the watcher thread every checkMillis. */
    private void refreshIfChanged() {
        synchronized (this) {
            String fp = computeFingerprint();
            if (!fp.equals(fingerprint)) {
                fingerprint = fp;
                cfg.clearTemplateCache();
                long g = generation.incrementAndGet();
                log.info("templates changed on disk; reloading (generation {})", g);
            }
        }
    }

    /** Names, sizes and modification times of every file under the template directory. */
    private String computeFingerprint() {
        if (templatesDir == null || !Files.isDirectory(templatesDir)) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        try (Stream<Path> files = Files.walk(templatesDir)) {
            files.filter(Files::isRegularFile).sorted().forEach(p -> {
                try {
                    sb.append(p).append(':').append(Files.size(p)).append(':').append(Files.getLastModifiedTime(p).toMillis()).append('\n');
                } catch (IOException e) {
                    sb.append(p).append(":gone\n");
                }
            });
        } catch (IOException | java.io.UncheckedIOException e) {
            return "unreadable";
        }
        return sb.toString();
    }
}
