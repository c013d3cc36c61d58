package dev.tokenlb.overhead;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProcStatTest {

    @Test
    void addsUserAndSystemTicks() {
        String line = "4242 (java) S 1 4242 4242 0 -1 4194560 51234 0 12 0 1500 230 0 0 20 0 57 0 123456 "
                      + "4000000000 60000 18446744073709551615 1 1 0 0 0 0 0 4096 17642 0 0 0 17 1 0 0 0 0 0";
        assertEquals(1730, ProcStat.cpuTicks(line));
    }

    @Test
    void commandNameWithSpacesAndParenthesesDoesNotShiftFields() {
        String line = "77 (nginx: worker (x) 1) S 76 76 76 0 -1 4194624 10 0 0 0 31 9 0 0 20 0 1 0 99 1000 10";
        assertEquals(40, ProcStat.cpuTicks(line));
    }

    @Test
    void rejectsALineThatIsNotAStatLine() {
        assertThrows(IllegalArgumentException.class, () -> ProcStat.cpuTicks("hello"));
        assertThrows(IllegalArgumentException.class, () -> ProcStat.cpuTicks("1 (x) S 1 2"));
    }

    @Test
    void readsThisProcessAndAnswersMinusOneForAMissingOne() {
        if (java.nio.file.Files.isDirectory(java.nio.file.Path.of("/proc/self"))) {
            assertTrue(ProcStat.cpuTicks(ProcessHandle.current().pid()) >= 0);
        }
        assertEquals(-1, ProcStat.cpuTicks(Long.MAX_VALUE));
        assertTrue(ProcStat.clockTicksPerSecond() > 0);
    }
}
