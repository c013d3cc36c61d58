package dev.tokenlb.health;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The passive health state machine, on a clock the test moves by hand. */
class BackendHealthTest {

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final BackendHealth health = new BackendHealth(2, new HealthPolicy(3, 1_000, 8_000, 30_000), now::get);

    private void fail(int index, int times) {
        for (int i = 0; i < times; i++) {
            health.failed(index);
        }
    }

    @Test
    void ejectsAfterTheConfiguredFailuresInARowOnly() {
        fail(0, 2);
        health.succeeded(0); // a success breaks the run
        fail(0, 2);
        assertTrue(health.admits(0));
        assertEquals(HealthState.HEALTHY, health.state(0));
        fail(0, 1);
        assertFalse(health.admits(0));
        assertEquals(HealthState.EJECTED, health.state(0));
        assertEquals(1, health.ejections(0));
        assertTrue(health.admits(1), "the other backend is untouched");
    }

    @Test
    void letsExactlyOneTrialThroughWhenTheCoolDownIsOverAndReadmitsOnSuccess() {
        fail(0, 3);
        now.addAndGet(999);
        assertFalse(health.admits(0));
        now.addAndGet(1);
        assertTrue(health.admits(0));
        health.admitted(0); // the trial is picked
        assertEquals(HealthState.PROBING, health.state(0));
        assertFalse(health.admits(0), "no second request while the trial is out");
        health.succeeded(0);
        assertEquals(HealthState.HEALTHY, health.state(0));
        assertTrue(health.admits(0));
    }

    @Test
    void doublesTheCoolDownWhenTheTrialFailsUpToTheMaximum() {
        fail(0, 3);
        long[] expected = {1_000, 2_000, 4_000, 8_000, 8_000};
        for (int round = 0; round < expected.length; round++) {
            assertEquals(expected[round], untilAdmitted(0), "round " + round);
            now.addAndGet(expected[round]);
            assertTrue(health.admits(0));
            health.admitted(0);
            health.failed(0);
        }
        assertEquals(6, health.ejections(0));
    }

    private long untilAdmitted(int index) {
        long start = now.get();
        long t = 0;
        while (!health.admits(index)) {
            now.addAndGet(1);
            t++;
        }
        now.set(start);
        return t;
    }

    @Test
    void startsAgainFromTheFirstCoolDownAfterStayingInForTheMaximum() {
        fail(0, 3);
        now.addAndGet(1_000);
        health.admitted(0);
        health.failed(0); // second ejection: 2 s
        now.addAndGet(2_000);
        health.admitted(0);
        health.succeeded(0);
        now.addAndGet(8_001); // stayed in longer than the longest cool-down
        fail(0, 3);
        assertEquals(1_000, untilAdmitted(0));
    }

    @Test
    void honoursRetryAfterEvenWithoutFailuresAndCapsIt() {
        health.overloaded(0, 5_000);
        assertFalse(health.admits(0));
        assertEquals(5_000, untilAdmitted(0));
        health.overloaded(1, 3_600_000);
        assertEquals(30_000, untilAdmitted(1), "a pause longer than the maximum is cut to it");
    }

    @Test
    void countsAnOverloadWithoutRetryAfterAsAFailure() {
        health.overloaded(0, -1);
        health.overloaded(0, -1);
        assertTrue(health.admits(0));
        health.overloaded(0, -1);
        assertFalse(health.admits(0));
    }

    @Test
    void aProbeThatAnswersEndsACoolDownForFailuresButNotAPauseAskedFor() {
        fail(0, 3);
        health.probeSucceeded(0);
        assertTrue(health.admits(0), "the backend answers again: its trial may go now");
        health.overloaded(1, 5_000);
        health.probeSucceeded(1);
        assertFalse(health.admits(1), "it asked for 5 s: a healthy /health does not shorten that");
    }

    @Test
    void probeFailuresEjectAnIdleBackend() {
        health.probeFailed(1);
        health.probeFailed(1);
        health.probeFailed(1);
        assertFalse(health.admits(1));
    }

    @Test
    void anAbandonedTrialLetsTheNextRequestBeTheTrial() {
        fail(0, 3);
        now.addAndGet(1_000);
        health.admitted(0);
        assertFalse(health.admits(0));
        health.inconclusive(0);
        assertTrue(health.admits(0));
    }

    @Test
    void aTrialWhoseOutcomeNeverComesStopsBlockingAfterALongWhile() {
        fail(0, 3);
        now.addAndGet(1_000);
        health.admitted(0);
        now.addAndGet(59_999);
        assertFalse(health.admits(0));
        now.addAndGet(1);
        assertTrue(health.admits(0));
    }

    @Test
    void reportsWhenTheFirstBackendComesBack() {
        assertEquals(0, health.millisUntilAdmitted());
        fail(0, 3);
        health.overloaded(1, 400);
        assertEquals(0, health.admittedCount());
        assertEquals(400, health.millisUntilAdmitted());
    }

    @Test
    void neverEjectsOnFailuresWhenEjectAfterIsZero() {
        BackendHealth never = new BackendHealth(1, new HealthPolicy(0, 1_000, 1_000, 1_000), now::get);
        for (int i = 0; i < 100; i++) {
            never.failed(0);
        }
        assertTrue(never.admits(0));
    }
}
