package dev.tokenlb.prefix;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SessionTableTest {

    @Test
    void aSessionIsFoundWhereItLastWent() {
        SessionTable table = new SessionTable(1024);
        long key = SessionTable.key("conversation-1");
        table.record(key, 3, 42L, 1_500);
        assertEquals(new SessionTable.Place(3, 42L, 1_500), table.find(key));
        table.record(key, 1, 43L, 1_800);
        assertEquals(new SessionTable.Place(1, 43L, 1_800), table.find(key), "the latest turn wins");
        assertNull(table.find(SessionTable.key("conversation-2")));
    }

    @Test
    void noNameIsNoSession() {
        SessionTable table = new SessionTable(16);
        assertEquals(0, SessionTable.key(null));
        assertEquals(0, SessionTable.key(""));
        table.record(0, 1, 1L, 1);
        assertNull(table.find(0));
        assertNotEquals(0, SessionTable.key("a"));
        assertNotEquals(SessionTable.key("a"), SessionTable.key("b"));
    }

    @Test
    void theTableIsBoundedAndForgetsOlderSessionsAsNewOnesCome() {
        SessionTable table = new SessionTable(100);
        assertEquals(128, table.capacity());
        for (int s = 0; s < 10_000; s++) {
            table.record(SessionTable.key("s" + s), s % 4, s, s);
        }
        int remembered = 0;
        for (int s = 0; s < 10_000; s++) {
            SessionTable.Place p = table.find(SessionTable.key("s" + s));
            if (p != null) {
                assertEquals(new SessionTable.Place(s % 4, s, s), p, "a remembered session is remembered right");
                remembered++;
            }
        }
        assertEquals(true, remembered <= 128 && remembered > 64, "at most the capacity: " + remembered);
        assertNotEquals(null, table.find(SessionTable.key("s9999")), "the newest is there");
        assertThrows(IllegalArgumentException.class, () -> new SessionTable(0));
    }
}
