package io.phonehome.console;

import freemarker.cache.ClassTemplateLoader;
import freemarker.core.HTMLOutputFormat;
import freemarker.template.Configuration;
import freemarker.template.DefaultObjectWrapperBuilder;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import freemarker.core.TemplateClassResolver;
import java.io.IOException;
import java.io.StringWriter;
import java.util.Map;

/**
 * The console's FreeMarker: templates from the class path ({@code console/*.ftlh}), HTML
 * auto-escaping on for every value (so nothing a phone or an import wrote can become markup), no
 * {@code ?new} and no {@code ?api}, templates read once. Models are maps and records built by the
 * page classes; templates only lay them out.
 */
final class Pages {
    private final Configuration cfg;

    Pages() {
        cfg = new Configuration(Configuration.VERSION_2_3_34);
        cfg.setTemplateLoader(new ClassTemplateLoader(Pages.class.getClassLoader(), "console"));
        cfg.setOutputFormat(HTMLOutputFormat.INSTANCE);
        cfg.setRecognizeStandardFileExtensions(true);
        cfg.setDefaultEncoding("UTF-8");
        cfg.setURLEscapingCharset("UTF-8");
        cfg.setOutputEncoding("UTF-8");
        cfg.setNewBuiltinClassResolver(TemplateClassResolver.ALLOWS_NOTHING_RESOLVER);
        cfg.setAPIBuiltinEnabled(false);
        cfg.setTemplateUpdateDelayMilliseconds(Long.MAX_VALUE);
        cfg.setObjectWrapper(new DefaultObjectWrapperBuilder(Configuration.VERSION_2_3_34).build());
        cfg.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        cfg.setLogTemplateExceptions(false);
        cfg.setNumberFormat("computer");
    }

    String render(String template, Map<String, Object> model) {
        try {
            StringWriter w = new StringWriter(8192);
            cfg.getTemplate(template).process(model, w);
            return w.toString();
        } catch (IOException | TemplateException e) {
            throw new IllegalStateException("console template " + template + " failed: " + e.getMessage(), e);
        }
    }
}
