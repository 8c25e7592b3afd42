package io.phonehome.sip.location;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phonehome.sip.location.RegisterRequest.ContactUpdate;
import io.phonehome.sip.location.RegisterResult.Status;
import io.phonehome.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** RFC 3261 section 10.3 registrar rules and the write-behind store, against a real (in-memory H2) database. */
class LocationServiceTest {
    static final RegistrarPolicy POLICY = new RegistrarPolicy(60, 3600, 1800, 3, 60);
    static final Flow PHONE = new Flow("udp", "192.0.2.10", 40123);

    final AtomicLong now = new AtomicLong(1_700_000_000_000L);
    TestDatabase db;
    BindingStore store;
    LocationService location;

    @BeforeEach
    void open() {
        db = new TestDatabase();
        store = new BindingStore(db.database().jdbc());
        location = new LocationService(store, POLICY, now::get, 60_000);
        location.start();
    }

    @AfterEach
    void close() {
        location.close();
        db.close();
    }

    static RegisterRequest reg(String callId, long cseq, ContactUpdate... contacts) {
        return new RegisterRequest("201", 7, 3, callId, cseq, false, List.of(contacts), PHONE, List.of(), "Yealink SIP-T46U 108.86.0.20");
    }

    static ContactUpdate contact(String uri, long expires) {
        return new ContactUpdate(uri, expires, -1);
    }

    @Test
    void addsAContactWithTheGrantedExpiry() {
        RegisterResult r = location.register(reg("c1", 1, contact("sip:201@10.0.0.5:5060", 600)));
        assertThat(r.status()).isEqualTo(Status.UPDATED);
        assertThat(r.added()).hasSize(1);
        assertThat(r.bindings()).singleElement().satisfies(b -> {
            assertThat(b.remainingSeconds(now.get())).isEqualTo(600);
            assertThat(b.flow()).isEqualTo(PHONE);
        });
        assertThat(location.forExtension("201")).singleElement().satisfies(b -> {
            assertThat(b.source()).isEqualTo("192.0.2.10:40123");
            assertThat(b.transport()).isEqualTo("udp");
            assertThat(b.userAgent()).isEqualTo("Yealink SIP-T46U 108.86.0.20");
        });
        assertThat(location.forDevice(3)).hasSize(1);
        assertThat(location.forDevice(4)).isEmpty();
    }

    @Test
    void appliesDefaultAndCapsTheMaximum() {
        location.register(reg("c1", 1, contact("sip:a@10.0.0.5", -1), contact("sip:b@10.0.0.5", 999_999)));
        assertThat(location.lookup("201")).extracting(b -> b.remainingSeconds(now.get())).containsExactlyInAnyOrder(1800L, 3600L);
    }

    @Test
    void refusesAnIntervalBelowTheMinimumAndChangesNothing() {
        location.register(reg("c1", 1, contact("sip:a@10.0.0.5", 600)));
        RegisterResult r = location.register(reg("c1", 2, contact("sip:a@10.0.0.5", 600), contact("sip:b@10.0.0.5", 30)));
        assertThat(r.status()).isEqualTo(Status.INTERVAL_TOO_BRIEF);
        assertThat(r.minExpires()).isEqualTo(60);
        assertThat(location.lookup("201")).singleElement().extracting(ContactBinding::cseq).isEqualTo(1L);
    }

    @Test
    void aRetransmissionOrAnOlderRegisterDoesNotUndoANewerOne() {
        location.register(reg("c1", 5, contact("sip:a@10.0.0.5", 600)));
        now.addAndGet(10_000);
        // the same REGISTER again (retransmission): no change, no error
        RegisterResult again = location.register(reg("c1", 5, contact("sip:a@10.0.0.5", 600)));
        assertThat(again.status()).isEqualTo(Status.UNCHANGED);
        // an older one that removes the binding arrives late: ignored
        RegisterResult old = location.register(reg("c1", 4, contact("sip:a@10.0.0.5", 0)));
        assertThat(old.status()).isEqualTo(Status.UNCHANGED);
        assertThat(location.lookup("201")).singleElement().extracting(ContactBinding::cseq).isEqualTo(5L);
        assertThat(location.alreadyApplied("201", "c1", 5)).isTrue();
        assertThat(location.alreadyApplied("201", "c1", 6)).isFalse();
        assertThat(location.alreadyApplied("201", "other", 1)).isFalse();
    }

    @Test
    void anotherCallIdMayUpdateOrRemoveRegardlessOfCseq() {
        location.register(reg("c1", 5, contact("sip:a@10.0.0.5", 600)));
        RegisterResult r = location.register(reg("reboot", 1, contact("sip:a@10.0.0.5", 900)));
        assertThat(r.status()).isEqualTo(Status.UPDATED);
        assertThat(location.lookup("201")).singleElement().satisfies(b -> {
            assertThat(b.callId()).isEqualTo("reboot");
            assertThat(b.remainingSeconds(now.get())).isEqualTo(900);
        });
        location.register(reg("other", 1, contact("sip:a@10.0.0.5", 0)));
        assertThat(location.lookup("201")).isEmpty();
    }

    @Test
    void wildcardRemovesEveryBindingButNotANewerOneOfTheSameCallId() {
        location.register(reg("c1", 1, contact("sip:a@10.0.0.5", 600)));
        location.register(reg("c2", 9, contact("sip:b@10.0.0.5", 600)));
        RegisterRequest star = new RegisterRequest("201", 7, 3, "c2", 3, true, List.of(), PHONE, List.of(), "x");
        RegisterResult r = location.register(star);
        assertThat(r.removed()).extracting(ContactBinding::contact).containsExactly("sip:a@10.0.0.5");
        assertThat(location.lookup("201")).extracting(ContactBinding::contact).containsExactly("sip:b@10.0.0.5");
    }

    @Test
    void capsContactsPerAddressOfRecordButAllowsRefreshes() {
        location.register(reg("c1", 1, contact("sip:a@h", 600), contact("sip:b@h", 600), contact("sip:c@h", 600)));
        RegisterResult r = location.register(reg("c1", 2, contact("sip:d@h", 600)));
        assertThat(r.status()).isEqualTo(Status.TOO_MANY_CONTACTS);
        assertThat(location.lookup("201")).hasSize(3);
        assertThat(location.register(reg("c1", 3, contact("sip:a@h", 600))).status()).isEqualTo(Status.UPDATED);
        assertThat(location.register(reg("c1", 4, contact("sip:a@h", 0), contact("sip:d@h", 600))).status()).isEqualTo(Status.UPDATED);
        assertThat(location.lookup("201")).extracting(ContactBinding::contact).containsExactlyInAnyOrder("sip:b@h", "sip:c@h", "sip:d@h");
    }

    @Test
    void bindingsExpireOnTime() {
        location.register(reg("c1", 1, contact("sip:a@h", 60)));
        now.addAndGet(59_000);
        assertThat(location.sweep()).isEmpty();
        assertThat(location.lookup("201")).hasSize(1);
        now.addAndGet(1_000);
        assertThat(location.lookup("201")).isEmpty();
        assertThat(location.sweep()).extracting(ContactBinding::contact).containsExactly("sip:a@h");
        assertThat(location.forDevice(3)).isEmpty();
        location.flush();
        assertThat(store.loadUnexpired(now.get() - 120_000)).isEmpty();
    }

    @Test
    void buildingTheServiceReadsNothingAndStartsNoThreadUntilStarted() {
        TestDatabase gone = new TestDatabase();
        BindingStore unreachable = new BindingStore(gone.database().jdbc());
        gone.close();
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        LocationService built = new LocationService(unreachable, POLICY, now::get, 60_000);
        try {
            assertThat(Thread.getAllStackTraces().keySet()).filteredOn(t -> !before.contains(t))
                    .noneMatch(t -> t.getName().equals("sip-location-writer"));
            assertThatThrownBy(built::start).isInstanceOf(RuntimeException.class);
        } finally {
            built.close();
        }
    }

    @Test
    void bindingsSurviveARestartThroughTheStore() {
        location.register(reg("c1", 1, contact("sip:a@10.0.0.5;transport=udp", 600)));
        RegisterRequest withPath = new RegisterRequest("202", 8, 3, "c9", 4, false, List.of(contact("sip:202@10.0.0.5", 300)),
                new Flow("tls", "2001:db8::5", 5061), List.of("<sip:edge.example.net;lr>", "<sip:10.1.1.1;lr>"), "snom");
        location.register(withPath);
        location.close();

        now.addAndGet(100_000);
        LocationService reloaded = new LocationService(store, POLICY, now::get, 60_000);
        reloaded.start();
        try {
            assertThat(reloaded.lookup("201")).singleElement().satisfies(b -> {
                assertThat(b.contact()).isEqualTo("sip:a@10.0.0.5;transport=udp");
                assertThat(b.flow()).isEqualTo(PHONE);
                assertThat(b.remainingSeconds(now.get())).isEqualTo(500);
                assertThat(b.callId()).isEqualTo("c1");
            });
            assertThat(reloaded.lookup("202")).singleElement().satisfies(b -> {
                assertThat(b.flow()).isEqualTo(new Flow("tls", "2001:db8::5", 5061));
                assertThat(b.path()).containsExactly("<sip:edge.example.net;lr>", "<sip:10.1.1.1;lr>");
                assertThat(b.lineId()).isEqualTo(8);
            });
            // a retransmission after the restart is still recognised
            assertThat(reloaded.register(reg("c1", 1, contact("sip:a@10.0.0.5;transport=udp", 600))).status()).isEqualTo(Status.UNCHANGED);
            assertThat(reloaded.forDevice(3)).hasSize(2);
        } finally {
            reloaded.close();
        }
    }

    @Test
    void expiredRowsAreNotLoadedBack() {
        location.register(reg("c1", 1, contact("sip:a@h", 60)));
        location.close();
        now.addAndGet(61_000);
        LocationService reloaded = new LocationService(store, POLICY, now::get, 60_000);
        reloaded.start();
        try {
            assertThat(reloaded.lookup("201")).isEmpty();
            assertThat(store.loadUnexpired(0)).isEmpty();
        } finally {
            reloaded.close();
        }
    }

    @Test
    void aPureRefreshIsWrittenOnlyWhenTheStoredExpiryLagsTooFar() {
        location.register(reg("c1", 1, contact("sip:a@h", 3600)));
        location.flush();
        long firstStored = store.loadUnexpired(0).get(0).expiresAt();
        now.addAndGet(30_000);
        location.register(reg("c1", 2, contact("sip:a@h", 3600)));
        location.flush();
        assertThat(store.loadUnexpired(0).get(0).expiresAt()).as("30 s lag is within the slack").isEqualTo(firstStored);
        location.register(reg("a-new-call-id", 1, contact("sip:a@h", 3600)));
        location.flush();
        assertThat(store.loadUnexpired(0).get(0).expiresAt()).as("a new Call-ID alone is not written either").isEqualTo(firstStored);
        now.addAndGet(31_000);
        location.register(reg("c1", 3, contact("sip:a@h", 3600)));
        location.flush();
        assertThat(store.loadUnexpired(0).get(0).expiresAt()).isEqualTo(now.get() + 3_600_000);
        assertThat(store.loadUnexpired(0).get(0).callId()).isEqualTo("c1");
        // a changed flow is written at once
        location.register(new RegisterRequest("201", 7, 3, "c1", 4, false, List.of(contact("sip:a@h", 3600)),
                new Flow("udp", "192.0.2.10", 40999), List.of(), "Yealink SIP-T46U 108.86.0.20"));
        location.flush();
        assertThat(store.loadUnexpired(0).get(0).flow().port()).isEqualTo(40999);
    }

    @Test
    void reportsWhenTheUserAgentIsNewForTheLine() {
        assertThat(location.register(reg("c1", 1, contact("sip:a@h", 600))).newUserAgent()).isTrue();
        assertThat(location.register(reg("c1", 2, contact("sip:a@h", 600))).newUserAgent()).isFalse();
        RegisterRequest upgraded = new RegisterRequest("201", 7, 3, "c1", 3, false, List.of(contact("sip:a@h", 600)), PHONE, List.of(),
                "Yealink SIP-T46U 108.86.0.30");
        assertThat(location.register(upgraded).newUserAgent()).isTrue();
    }

    @Test
    void concurrentRegistrationsOfManyLinesAreAllKept() throws Exception {
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int base = t * 1000;
            threads.add(new Thread(() -> {
                for (int i = 0; i < 1000; i++) {
                    String ext = String.valueOf(base + i);
                    location.register(new RegisterRequest(ext, base + i, base + i, "c" + ext, 1, false, List.of(contact("sip:" + ext + "@h", 600)),
                            PHONE, List.of(), "ua"));
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        assertThat(location.size()).isEqualTo(4000);
        location.flush();
        assertThat(store.loadUnexpired(0)).hasSize(4000);
    }
}
