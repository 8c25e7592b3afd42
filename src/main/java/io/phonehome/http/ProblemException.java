package io.phonehome.http;

import java.util.List;
import java.util.Map;

/**
 * An {@link HttpStatusException} with a problem kind and, optionally, per-field errors and extra
 * members for the problem document (for example an import's counts next to its row errors).
 */
public class ProblemException extends HttpStatusException {
    private final String kind;
    private final transient List<Problem.FieldProblem> errors;
    private final transient Map<String, Object> extra;

    /**
     * @param kind the last part of the problem type, e.g. {@code validation}
     */
    public ProblemException(int status, String kind, String message, List<Problem.FieldProblem> errors, Map<String, Object> extra) {
        super(status, message);
        this.kind = kind;
        this.errors = errors == null ? List.of() : List.copyOf(errors);
        this.extra = extra == null ? Map.of() : Map.copyOf(extra);
    }

    public ProblemException(int status, String kind, String message) {
        this(status, kind, message, List.of(), Map.of());
    }

    public String kind() {
        return kind;
    }

    public List<Problem.FieldProblem> errors() {
        return errors;
    }

    public Map<String, Object> extra() {
        return extra;
    }
}
