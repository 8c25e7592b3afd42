package io.phonehome.inventory;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Where a device is sent instead of being provisioned here (the RPS role): another provisioning
 * server's URL and, optionally, the credentials the phone should use there.
 *
 * @param username null when the redirect carries no credentials
 * @param password null exactly when {@code username} is null
 */
public record Redirect(String url, String username, String password) {
    /**
     * Schemes every supported vendor's redirect file can express (their TFTP/FTP modes differ too
     * much to redirect to them safely, and a redirection service is an HTTP(S) business).
     */
    public static final Set<String> SCHEMES = Set.of("https", "http");
    public static final int MAX_URL_LENGTH = 500;

    public boolean hasCredentials() {
        return username != null;
    }

    /**
     * Every broken rule, with field names as the import and the API spell them. The values end
     * up verbatim in {@code key = value} and XML config files, so anything that could break out
     * of a value (quotes, angle brackets, spaces, control characters) is refused.
     */
    public static List<FieldError> check(String url, String username, String password) {
        List<FieldError> e = new ArrayList<>();
        if (url == null || url.isBlank()) {
            e.add(FieldError.of("redirect_url", "is empty"));
        } else if (url.length() > MAX_URL_LENGTH || !url.matches("[\\x21-\\x7e]+") || url.matches(".*[\"'<>\\\\`{}|^].*")) {
            e.add(FieldError.of("redirect_url", "must be a URL of at most " + MAX_URL_LENGTH + " characters without spaces, quotes or < >"));
        } else {
            try {
                URI u = new URI(url);
                String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
                if (!SCHEMES.contains(scheme) || u.getHost() == null || u.getRawUserInfo() != null) {
                    throw new URISyntaxException(url, "scheme/host");
                }
            } catch (URISyntaxException ex) {
                e.add(FieldError.of("redirect_url", "'" + url + "' must be an https or http URL with a host and no user:password "
                        + "(put credentials in redirect_username/redirect_password), e.g. https://pbx.example.com/prov/"));
            }
        }
        boolean hasUser = username != null && !username.isEmpty();
        boolean hasPassword = password != null && !password.isEmpty();
        if (hasUser != hasPassword) {
            e.add(FieldError.of(hasUser ? "redirect_password" : "redirect_username", "redirect username and password go together"));
        }
        if (hasUser && (username.length() > 64 || !username.matches("[\\x21-\\x7e]+") || username.matches(".*[:\"'<>\\\\].*"))) {
            e.add(FieldError.of("redirect_username", "must be 1-64 printable characters without spaces, ':', quotes or < >"));
        }
        if (hasPassword && (password.length() > 64 || !password.matches("[\\x21-\\x7e]+") || password.matches(".*[\"'<>\\\\].*"))) {
            e.add(FieldError.of("redirect_password", "must be 1-64 printable characters without spaces, quotes or < >"));
        }
        return e;
    }

    /** A checked redirect; throws {@link ValidationException} listing what is wrong. */
    public static Redirect of(String url, String username, String password) {
        List<FieldError> errors = check(url, username, password);
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        boolean creds = username != null && !username.isEmpty();
        return new Redirect(url, creds ? username : null, creds ? password : null);
    }

    @Override
    public String toString() {
        return "Redirect[url=" + url + ", username=" + username + ", password=" + (password == null ? "none" : "****") + "]";
    }
}
