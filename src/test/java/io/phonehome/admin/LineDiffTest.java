package io.phonehome.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LineDiffTest {
    /** Rebuilds both sides from the edit script: the script must describe exactly the two inputs. */
    static void assertScriptRebuilds(List<String> a, List<String> b) {
        List<LineDiff.Op> ops = LineDiff.ops(a, b);
        List<String> old = new ArrayList<>();
        List<String> now = new ArrayList<>();
        for (LineDiff.Op op : ops) {
            if (op.kind() != '+') {
                old.add(op.line());
            }
            if (op.kind() != '-') {
                now.add(op.line());
            }
        }
        assertThat(old).isEqualTo(a);
        assertThat(now).isEqualTo(b);
    }

    @Test
    void aOneLineChangeInALongConfigIsOneHunkWithThreeLinesOfContext() {
        StringBuilder a = new StringBuilder();
        for (int i = 1; i <= 40; i++) {
            a.append("account.").append(i).append(".enable = 1\n");
        }
        String b = a.toString().replace("account.20.enable = 1", "account.20.enable = 0");
        assertThat(LineDiff.unified("old", "new", a.toString(), b)).isEqualTo("""
                --- old
                +++ new
                @@ -17,7 +17,7 @@
                 account.17.enable = 1
                 account.18.enable = 1
                 account.19.enable = 1
                -account.20.enable = 1
                +account.20.enable = 0
                 account.21.enable = 1
                 account.22.enable = 1
                 account.23.enable = 1
                """);
    }

    @Test
    void farApartChangesAreSeparateHunksAndNearOnesMerge() {
        List<String> a = new ArrayList<>();
        for (int i = 1; i <= 30; i++) {
            a.add("line " + i);
        }
        List<String> b = new ArrayList<>(a);
        b.set(1, "changed 2");
        b.set(4, "changed 5");
        b.add(25, "inserted");
        String diff = LineDiff.unified("a", "b", String.join("\n", a) + "\n", String.join("\n", b) + "\n");
        assertThat(diff.lines().filter(l -> l.startsWith("@@"))).containsExactly("@@ -1,8 +1,8 @@", "@@ -23,6 +23,7 @@");
    }

    @Test
    void equalTextsHaveNoDiffAndANewFileIsAllAdditions() {
        assertThat(LineDiff.unified("a", "b", "x\ny\n", "x\ny\n")).isEmpty();
        assertThat(LineDiff.unified("/dev/null", "b", "", "x\ny\n")).isEqualTo("--- /dev/null\n+++ b\n@@ -0,0 +1,2 @@\n+x\n+y\n");
        assertThat(LineDiff.unified("a", "/dev/null", "x\n", "")).isEqualTo("--- a\n+++ /dev/null\n@@ -1 +0,0 @@\n-x\n");
    }

    @Test
    void randomEditsAreAlwaysDescribedExactly() {
        Random r = new Random(42);
        for (int round = 0; round < 300; round++) {
            List<String> a = new ArrayList<>();
            for (int i = 0; i < r.nextInt(60); i++) {
                a.add("k" + r.nextInt(8));
            }
            List<String> b = new ArrayList<>(a);
            for (int e = 0; e < r.nextInt(10); e++) {
                int op = r.nextInt(3);
                if (op == 0 || b.isEmpty()) {
                    b.add(b.isEmpty() ? 0 : r.nextInt(b.size()), "n" + r.nextInt(8));
                } else if (op == 1) {
                    b.remove(r.nextInt(b.size()));
                } else {
                    b.set(r.nextInt(b.size()), "c" + r.nextInt(8));
                }
            }
            assertScriptRebuilds(a, b);
        }
    }

    @Test
    void theScriptIsMinimalForASimpleSubstitution() {
        List<LineDiff.Op> ops = LineDiff.ops(List.of("a", "b", "c"), List.of("a", "x", "c"));
        assertThat(ops.stream().filter(o -> o.kind() != ' ').count()).isEqualTo(2);
    }
}
