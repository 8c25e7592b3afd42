package io.phonehome.console;

import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.Cookie;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One page request: the exchange, its session (null before sign-in), its language, its form fields. */
final class Req {
    final HttpServerExchange ex;
    final Sessions.Session session;
    final String lang;
    final Map<String, String> t;
    private Map<String, List<String>> form;
    private Map<String, List<String>> query;
    private final long maxBody;
    /** Set by {@link #acceptUpload} on the one path that takes a file: multipart is read there only. */
    private long uploadLimit;
    private java.nio.file.Path uploadDir;
    private final Map<String, Upload> files = new LinkedHashMap<>();

    /** A file sent with a multipart form: where Undertow put it (deleted when the exchange ends) and its name. */
    record Upload(java.nio.file.Path path, String fileName) {
    }

    Req(HttpServerExchange ex, Sessions.Session session, String lang, Map<String, String> t, long maxBody) {
        this.ex = ex;
        this.session = session;
        this.lang = lang;
        this.t = t;
        this.maxBody = maxBody;
    }

    Person person() {
        return session.person;
    }

    String path() {
        return ex.getRequestPath();
    }

    boolean post() {
        return ex.getRequestMethod().toString().equals("POST");
    }

    /**
     * A query parameter, trimmed; null when absent or blank. Decoded as the browser encoded it
     * (HTML form encoding: '+' is a space), which Undertow's own query parameters do not do.
     */
    String query(String name) {
        if (query == null) {
            query = decode(ex.getQueryString());
        }
        List<String> v = query.get(name);
        String s = v == null || v.isEmpty() ? null : v.get(0).trim();
        return s == null || s.isEmpty() ? null : s;
    }

    /** A form field (application/x-www-form-urlencoded), trimmed; null when absent or blank. */
    String field(String name) {
        List<String> v = form().get(name);
        String s = v == null || v.isEmpty() ? null : v.get(0).trim();
        return s == null || s.isEmpty() ? null : s;
    }

    /** A form field as sent, untrimmed (passwords, pasted CSV); null when absent. */
    String raw(String name) {
        List<String> v = form().get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    List<String> fields(String name) {
        return form().getOrDefault(name, List.of());
    }

    Map<String, List<String>> form() {
        if (form == null) {
            form = parseForm();
        }
        return form;
    }

    private Map<String, List<String>> parseForm() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        String type = ex.getRequestHeaders().getFirst("Content-Type");
        if (!post() || type == null) {
            return out;
        }
        String lower = type.toLowerCase(java.util.Locale.ROOT);
        if (lower.startsWith("multipart/form-data") && uploadLimit > 0) {
            return parseMultipart();
        }
        if (!lower.startsWith("application/x-www-form-urlencoded")) {
            return out; // anything else has no fields, so no CSRF token either: the POST is refused
        }
        return decode(new String(body(), StandardCharsets.UTF_8));
    }

    /**
     * Lets this request's form be {@code multipart/form-data} with files of up to {@code limit}
     * bytes, spooled to {@code dir} (Undertow deletes them when the exchange ends). Called before
     * the form is first read, and only for the path that takes a file, so every other form keeps
     * the small {@code admin_max_body_bytes} limit; a multipart POST anywhere else carries no
     * fields, so not its CSRF token, and is refused before anything is read.
     */
    void acceptUpload(long limit, java.nio.file.Path dir) {
        this.uploadLimit = limit;
        this.uploadDir = dir;
    }

    /** The person's words for a file over the limit (a file picker lets anyone choose one). */
    private String tooLarge() {
        String text = t.get("upload.tooLarge");
        String mib = String.valueOf(uploadLimit / (1024 * 1024));
        return text == null ? "the file is larger than " + mib + " MiB" : text.replace("{0}", mib);
    }

    /** The file sent in the field {@code name}, or null. */
    Upload file(String name) {
        form();
        return files.get(name);
    }

    private Map<String, List<String>> parseMultipart() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        long declared = ex.getRequestContentLength();
        long bound = uploadLimit + maxBody;   // the file plus the form's other fields
        if (declared > bound) {
            throw new ConsoleException(413, tooLarge());
        }
        ex.setMaxEntitySize(bound);
        try {
            java.nio.file.Files.createDirectories(uploadDir);
            io.undertow.server.handlers.form.MultiPartParserDefinition def = new io.undertow.server.handlers.form.MultiPartParserDefinition(uploadDir);
            def.setMaxIndividualFileSize(uploadLimit);
            def.setFileSizeThreshold(0);      // every file part to disk: an image can be hundreds of MB
            def.setFieldSizeThreshold(maxBody);
            def.setDefaultEncoding("UTF-8");
            io.undertow.server.handlers.form.FormDataParser parser = def.create(ex);
            if (parser == null) {
                return out;
            }
            if (!ex.isBlocking()) {
                ex.startBlocking();
            }
            io.undertow.server.handlers.form.FormData data = parser.parseBlocking();
            for (String name : data) {
                for (io.undertow.server.handlers.form.FormData.FormValue v : data.get(name)) {
                    if (v.isFileItem()) {
                        if (v.getFileName() != null && !v.getFileName().isEmpty()) {
                            files.put(name, new Upload(v.getFileItem().getFile(), v.getFileName()));
                        }
                    } else {
                        out.computeIfAbsent(name, x -> new ArrayList<>()).add(v.getValue());
                    }
                }
            }
            return out;
        } catch (io.undertow.server.RequestTooBigException | io.undertow.server.handlers.form.MultiPartParserDefinition.FileTooLargeException e) {
            throw new ConsoleException(413, tooLarge());
        } catch (IOException e) {
            throw new ConsoleException(400, "the upload could not be read: " + e.getMessage());
        }
    }

    /** {@code application/x-www-form-urlencoded} pairs, in order. */
    static Map<String, List<String>> decode(String body) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (body == null) {
            return out;
        }
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        }
        return out;
    }

    private byte[] body() {
        if (!ex.isBlocking()) {
            ex.startBlocking();
        }
        try (InputStream in = ex.getInputStream()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) > 0) {
                out.write(buf, 0, n);
                if (out.size() > maxBody) {
                    throw new ConsoleException(413, "the form is larger than " + maxBody + " bytes");
                }
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new ConsoleException(400, "the form could not be read: " + e.getMessage());
        }
    }

    String cookie(String name) {
        Cookie c = ex.getRequestCookie(name);
        return c == null ? null : c.getValue();
    }

    String source() {
        InetSocketAddress peer = ex.getSourceAddress();
        return peer == null || peer.getAddress() == null ? "unknown" : peer.getAddress().getHostAddress();
    }
}
