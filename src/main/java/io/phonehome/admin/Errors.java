package io.phonehome.admin;

import io.phonehome.errors.Conflict;
import io.phonehome.errors.NotFound;
import io.phonehome.errors.Unavailable;
import io.phonehome.firmware.FirmwareException;
import io.phonehome.http.HttpStatusException;
import io.phonehome.http.Problem;
import io.phonehome.http.ProblemException;
import io.phonehome.inventory.FieldError;
import io.phonehome.inventory.InventoryException;
import io.phonehome.inventory.ValidationException;
import io.phonehome.phones.RenderException;
import java.util.List;

/** Turns the capabilities' exceptions into the HTTP problems the API answers with. */
final class Errors {
    private Errors() {
    }

    /**
     * The admin API's one mapping from an exception to the problem it answers with (the
     * {@link io.phonehome.http.ProblemMapper} writes it): the kind is the exception's type.
     */
    static Throwable translate(Throwable t) {
        if (t instanceof HttpStatusException) {
            return t;
        }
        if (t instanceof Unavailable) {
            // the detail names no host, state or statement: the server log has those
            return new ProblemException(503, "unavailable", "the database does not answer right now; try again in "
                    + Unavailable.RETRY_AFTER_SECONDS + " seconds");
        }
        if (t instanceof NotFound) {
            return HttpStatusException.notFound(t.getMessage());
        }
        if (t instanceof Conflict) {
            return HttpStatusException.conflict(t.getMessage());
        }
        if (t instanceof ValidationException v) {
            return validation(v.errors());
        }
        if (t instanceof FirmwareException f && !f.errors().isEmpty()) {
            return new ProblemException(422, "validation", f.getMessage(), fieldProblems(f.errors()), null);
        }
        if (t instanceof InventoryException || t instanceof FirmwareException) {
            return new ProblemException(422, "validation", t.getMessage());
        }
        if (t instanceof RenderException) {
            return new ProblemException(422, "render-error", "the configuration cannot be generated: " + t.getMessage());
        }
        return t;
    }

    static ProblemException validation(List<FieldError> errors) {
        String detail = errors.size() == 1 ? errors.get(0).toString() : errors.size() + " problems: " + errors.get(0) + "; ...";
        return new ProblemException(422, "validation", detail, fieldProblems(errors), null);
    }

    static List<Problem.FieldProblem> fieldProblems(List<FieldError> errors) {
        return errors.stream().map(e -> new Problem.FieldProblem(e.row() > 0 ? e.row() : null, e.field(), e.message())).toList();
    }
}
