package io.phonehome.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * An RFC 9457 "problem details" object, as the admin API sends every error
 * ({@code application/problem+json}).
 *
 * @param type     a URI naming the kind of problem ({@code urn:phonehome:problem:validation});
 *                 stable, so clients can branch on it
 * @param title    the short, fixed summary of that kind
 * @param detail   what went wrong this time, written for the person who can fix it
 * @param instance the request path the problem is about
 * @param errors   one entry per offending field or row (validation, imports); empty otherwise
 * @param extra    further members (e.g. an import's counts), written at the top level
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, String instance, List<FieldProblem> errors,
                      Map<String, Object> extra) {
    public static final String CONTENT_TYPE = "application/problem+json";
    public static final String TYPE_PREFIX = "urn:phonehome:problem:";

    public Problem {
        errors = errors == null ? List.of() : List.copyOf(errors);
        extra = extra == null ? Map.of() : Map.copyOf(extra);
    }

    /**
     * One field (or CSV row and column) and what is wrong with it.
     *
     * @param row 1-based spreadsheet row for tabular input (header = row 1), null otherwise
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FieldProblem(Integer row, String field, String message) {
    }
}
