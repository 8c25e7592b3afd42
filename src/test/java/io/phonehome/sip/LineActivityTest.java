package io.phonehome.sip;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.inventory.Line;
import io.phonehome.sip.LineActivity.Snapshot;
import io.phonehome.sip.LineActivity.State;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How routed calls become each extension's dialogs, and the order the busy lamps may rely on. */
class LineActivityTest {
    static Line line(String ext, String name) {
        return new Line(ext.hashCode(), ext.hashCode(), 1, ext, name, "", "u" + ext, "pw", null, null, 1);
    }

    final Line anna = line("201", "Anna");
    final Line bruno = line("202", "Bruno");
    final List<Snapshot> told = new ArrayList<>();
    final LineActivity activity = new LineActivity();

    {
        activity.onChange(told::add);
    }

    @Test
    void theCalleeSeesACallOnlyOnceItRingsAndBothSeeItEnd() {
        activity.started("c1", anna, "atag", bruno);
        assertThat(told).extracting(Snapshot::extension).containsExactly("201");
        assertThat(told.get(0).dialogs()).singleElement().satisfies(d -> {
            assertThat(d.state()).isEqualTo(State.TRYING);
            assertThat(d.direction()).isEqualTo("initiator");
            assertThat(d.localTag()).isEqualTo("atag");
            assertThat(d.remoteTag()).isNull();
        });
        assertThat(activity.now("202").dialogs()).isEmpty();

        activity.ringing("c1", "btag");
        activity.ringing("c1", "btag"); // a second 180 changes nothing
        assertThat(told).extracting(Snapshot::extension).containsExactly("201", "201", "202");
        assertThat(activity.now("202").dialogs()).singleElement().satisfies(d -> {
            assertThat(d.state()).isEqualTo(State.EARLY);
            assertThat(d.direction()).isEqualTo("recipient");
            assertThat(d.localTag()).isEqualTo("btag");
            assertThat(d.remoteTag()).isEqualTo("atag");
            assertThat(d.remoteExtension()).isEqualTo("201");
            assertThat(d.remoteName()).isEqualTo("Anna");
        });

        activity.answered("c1", "btag");
        activity.ended("c1");
        Snapshot last = told.get(told.size() - 1);
        assertThat(last.dialogs()).singleElement().extracting(LineActivity.DialogView::state).isEqualTo(State.TERMINATED);
        assertThat(activity.now("201").dialogs()).isEmpty();
        assertThat(activity.now("202").dialogs()).isEmpty();
        assertThat(activity.size()).isZero();
    }

    @Test
    void aCallThatNeverRangIsEndedForTheCallerOnly() {
        activity.started("c2", anna, "atag", bruno);
        activity.ended("c2");
        assertThat(told).extracting(Snapshot::extension).containsExactly("201", "201");
    }

    @Test
    void snapshotsAreNumberedInTheOrderTheyWereTaken() {
        activity.started("c3", anna, "a", bruno);
        activity.ringing("c3", "b");
        activity.answered("c3", "b");
        activity.ended("c3");
        for (int i = 1; i < told.size(); i++) {
            assertThat(told.get(i).seq()).isGreaterThan(told.get(i - 1).seq());
        }
    }

    @Test
    void aCallWithoutByeIsForgottenAfterTheLongestCallTime() {
        activity.started("c4", anna, "a", bruno);
        activity.answered("c4", "b");
        activity.sweep(System.currentTimeMillis() + LineActivity.MAX_CALL_MILLIS / 2);
        assertThat(activity.size()).isEqualTo(1);
        activity.sweep(System.currentTimeMillis() + LineActivity.MAX_CALL_MILLIS + 1000);
        assertThat(activity.size()).isZero();
        assertThat(activity.now("202").dialogs()).isEmpty();
    }
}
