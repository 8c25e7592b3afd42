package io.phonehome.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.testing.TestDatabase;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The swapped-phone rule over the real model catalog: kind and accounts decide, names do not. */
class ModelSwapTest {
    static TestDatabase db;
    static SupportedModels models;

    @BeforeAll
    static void open() {
        db = new TestDatabase();
        models = db.inventory().models();
    }

    @AfterAll
    static void close() {
        db.close();
    }

    static Device device(String vendor, String model) {
        return new Device(1, Mac.parse("805ec0aa0001"), vendor, model, null, 1L, "p", null, null, null, null, null, null, null,
                Instant.EPOCH, 1);
    }

    @ParameterizedTest(name = "{0} {1} reported as {2} with {3} line(s): {4}")
    @CsvSource({
            "yealink, T46S, T46S,  2, SAME",
            "yealink, T46S, t46s,  2, SAME",
            "yealink, W70B, W73P,  1, SAME",            // the kit's name for the same base
            "yealink, T46S, T46U,  2, COMPATIBLE",
            "yealink, T46U, T31G,  2, COMPATIBLE",
            "yealink, T46U, T31G,  3, INCOMPATIBLE",      // two accounts for three lines
            "yealink, W70B, T46U,  1, INCOMPATIBLE",      // a desk phone where a DECT base was expected
            "yealink, T46U, W70B,  1, INCOMPATIBLE",
            "snom,    D785, D315,  5, INCOMPATIBLE",
            "snom,    D785, D735, 12, COMPATIBLE",
            "yealink, T46U, T99X,  1, UNKNOWN_MODEL"})
    void kindAndAccountsDecide(String vendor, String inventory, String reported, int lines, ModelSwap.Verdict verdict) {
        ModelSwap.Judgement j = ModelSwap.judge(models, device(vendor, inventory), reported, lines);
        assertThat(j.verdict()).as(j.reason()).isEqualTo(verdict);
        assertThat(j.serve()).isEqualTo(verdict != ModelSwap.Verdict.INCOMPATIBLE);
    }
}
