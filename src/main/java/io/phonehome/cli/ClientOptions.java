package io.phonehome.cli;

import io.phonehome.config.Setting;
import io.phonehome.config.Settings;
import io.phonehome.pki.Pem;
import io.phonehome.pki.PkiException;
import io.phonehome.pki.TlsContexts;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * How a command reaches the admin API: by default the server of this data directory
 * ({@code https://127.0.0.1:<admin_port>}), trusting its CA ({@code <data_dir>/pki/ca.pem}),
 * with the token from {@code --token}, else {@code PHONEHOME_ADMIN_TOKEN}, else
 * {@code <data_dir>/admin-token}.
 */
public final class ClientOptions {
    @Mixin
    SettingsOptions settings;

    @Option(names = "--url", paramLabel = "URL", description = "Admin API base URL (default: https://127.0.0.1:<admin_port> of this data directory)")
    String url;

    @Option(names = "--token", paramLabel = "TOKEN", description = "API token (default: $PHONEHOME_ADMIN_TOKEN, else <data_dir>/admin-token)")
    String token;

    @Option(names = "--ca-file", paramLabel = "FILE", description = "CA certificate to trust (default: <data_dir>/pki/ca.pem)")
    Path caFile;

    ApiClient client() {
        Settings s = settings.load();
        URI base = URI.create(url != null ? url.replaceAll("/+$", "") + "/" : defaultUrl(s));
        Path ca = caFile != null ? caFile : s.dataDir().resolve("pki").resolve("ca.pem");
        if (!Files.isReadable(ca)) {
            throw new CliException(ExitCodes.UNREACHABLE, "cannot read the CA certificate " + ca + " (start the server once to create it, "
                    + "or give --ca-file)");
        }
        List<X509Certificate> certs;
        try {
            certs = Pem.readCertificates(ca);
        } catch (PkiException e) {
            throw new CliException(ExitCodes.UNREACHABLE, "cannot read the CA certificate " + ca + ": " + e.getMessage());
        }
        return new ApiClient(base, token(s), TlsContexts.clientTrusting(certs.get(0)));
    }

    private static String defaultUrl(Settings s) {
        String bind = s.string(Setting.ADMIN_BIND);
        String host = bind.equals("0.0.0.0") || bind.equals("::") || bind.isEmpty() ? "127.0.0.1" : bind;
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return "https://" + host + ":" + s.integer(Setting.ADMIN_PORT) + "/";
    }

    private String token(Settings s) {
        if (token != null && !token.isBlank()) {
            return token.trim();
        }
        if (!s.string(Setting.ADMIN_TOKEN).isEmpty()) {
            return s.string(Setting.ADMIN_TOKEN);
        }
        Path file = s.dataDir().resolve("admin-token");
        try {
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new CliException(ExitCodes.NOT_ALLOWED, "no API token: " + file + " cannot be read (" + e.getClass().getSimpleName()
                    + "). The server writes it on first start; or give --token, or set PHONEHOME_ADMIN_TOKEN");
        }
    }
}
