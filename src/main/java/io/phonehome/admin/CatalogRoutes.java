package io.phonehome.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phonehome.config.Setting;
import io.phonehome.inventory.DeviceFilter;
import io.phonehome.inventory.Mac;
import io.phonehome.inventory.ModelInfo;
import io.phonehome.phones.TemplateRenderer;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Read-only catalogs: supported models, templates in use, settings, and the OpenAPI document. */
final class CatalogRoutes {
    static final String OPENAPI_RESOURCE = "/admin/openapi.json";

    private final AdminContext ctx;
    /** The served document, made on first request (the route table is also built without a server, to check the document). */
    private volatile byte[] openApi;

    CatalogRoutes(AdminContext ctx) {
        this.ctx = ctx;
    }

    /** The schema marker whose {@code enum} is filled with the phone plug-ins' ids when the document is served. */
    static final String VENDOR_ENUM_MARKER = "x-phonehome-enum";

    /**
     * The document with every schema marked {@code "x-phonehome-enum": "vendor-ids"} given the ids
     * of the plug-ins this server runs as its {@code enum}, so the document never lists a vendor
     * the server does not have, nor misses one it has.
     */
    static byte[] withVendorIds(byte[] document, List<String> vendorIds) {
        try {
            JsonNode root = AdminJson.MAPPER.readTree(document);
            fillVendorEnums(root, vendorIds);
            return AdminJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + OPENAPI_RESOURCE, e);
        }
    }

    private static void fillVendorEnums(JsonNode node, List<String> vendorIds) {
        if (node instanceof ObjectNode o && "vendor-ids".equals(o.path(VENDOR_ENUM_MARKER).asText(null))) {
            o.remove(VENDOR_ENUM_MARKER);
            ArrayNode values = o.putArray("enum");
            vendorIds.forEach(values::add);
        }
        node.forEach(child -> fillVendorEnums(child, vendorIds));
    }

    static byte[] loadOpenApi() {
        try (InputStream in = CatalogRoutes.class.getResourceAsStream(OPENAPI_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(OPENAPI_RESOURCE + " is missing from the build");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + OPENAPI_RESOURCE, e);
        }
    }

    void register(Router r) {
        r.get(AdminHandler.API_ROOT, null, Set.of(), this::index);
        r.get("/api/v1/openapi.json", null, Set.of(), this::openApi);
        r.get("/api/v1/models", Role.VIEWER, Set.of("vendor"), this::models);
        r.get("/api/v1/templates", Role.VIEWER, Set.of("vendor"), this::templates);
        r.get("/api/v1/settings", Role.ADMIN, Set.of(), this::settings);
    }

    /**
     * What the API's base URL answers (the address a person pastes into a browser or curl first):
     * where the description is and where to start, without a token and without any fleet data.
     */
    private void index(Call c) {
        Map<String, Object> links = new LinkedHashMap<>();
        links.put("openapi", "/api/v1/openapi.json");
        links.put("me", "/api/v1/me");
        links.put("sites", "/api/v1/sites");
        links.put("devices", "/api/v1/devices");
        links.put("import", "/api/v1/devices/import");
        links.put("export", "/api/v1/export");
        links.put("events", "/api/v1/events");
        links.put("actions", "/api/v1/actions");
        links.put("firmware", "/api/v1/firmware/images");
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", "Phonehome admin API");
        out.put("version", "1");
        out.put("authentication", "Authorization: Bearer <token> on every route but this one and /api/v1/openapi.json");
        out.put("links", links);
        c.ok(out);
    }

    private void openApi(Call c) {
        byte[] doc = openApi;
        if (doc == null) {
            doc = withVendorIds(loadOpenApi(), ctx.configFiles().vendors().vendorIds());
            openApi = doc;
        }
        c.bytes(200, "application/json", doc);
    }

    private void models(Call c) {
        String vendor = c.query("vendor").orElse(null);
        List<ModelInfo> models = new ArrayList<>(vendor == null ? ctx.inventory().models().all() : ctx.inventory().models().forVendor(vendor));
        c.ok(models);
    }

    /**
     * @param devices how many devices the file applies to now (base: the vendor's devices,
     *                model: that model's, device: 1 when the MAC is in the inventory)
     */
    record TemplateView(String vendor, String path, String scope, String subject, String source, long sizeBytes, long devices) {
    }

    private void templates(Call c) {
        String vendor = c.query("vendor").orElse(null);
        List<TemplateView> out = new ArrayList<>();
        Map<String, Long> counts = new LinkedHashMap<>();
        for (TemplateRenderer.TemplateFile f : ctx.configFiles().templateFiles()) {
            if (vendor != null && !f.vendor().equalsIgnoreCase(vendor)) {
                continue;
            }
            long n = counts.computeIfAbsent(f.vendor() + "|" + f.scope() + "|" + f.subject(), k -> count(f));
            out.add(new TemplateView(f.vendor(), f.path(), f.scope(), f.subject(), f.source(), f.sizeBytes(), n));
        }
        c.ok(out);
    }

    private long count(TemplateRenderer.TemplateFile f) {
        DeviceFilter base = new DeviceFilter(null, f.vendor(), null, null, null, null, null, null, null);
        return switch (f.scope()) {
            case "model" -> ctx.inventory().search().page(new DeviceFilter(null, f.vendor(), f.subject(), null, null, null, null, null, null),
                    null, 1).total();
            case "device" -> Mac.tryParse(f.subject()).flatMap(m -> ctx.inventory().devices().findByMac(m)).isPresent() ? 1 : 0;
            default -> ctx.inventory().search().page(base, null, 1).total();
        };
    }

    private void settings(Call c) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Setting s : Setting.all()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("key", s.key());
            String v = ctx.settings().string(s);
            m.put("value", s.type() == Setting.Type.SECRET && !v.isEmpty() ? Secrets.MASK : v);
            m.put("default", s.type() == Setting.Type.SECRET ? "" : s.defaultValue());
            m.put("environment", s.environmentName());
            m.put("description", s.description());
            out.add(m);
        }
        c.ok(out);
    }
}
