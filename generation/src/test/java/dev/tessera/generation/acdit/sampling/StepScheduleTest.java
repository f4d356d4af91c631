package dev.tessera.generation.acdit.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class StepScheduleTest {

    @Test
    void theLastEntryHoldsForEveryLaterBlock() {
        StepSchedule s = StepSchedule.parse("25, 16,8");
        assertEquals(List.of(25, 16, 8), s.steps());
        assertEquals(25, s.stepsFor(0));
        assertEquals(16, s.stepsFor(1));
        assertEquals(8, s.stepsFor(2));
        assertEquals(8, s.stepsFor(15));
        assertEquals(25 + 16 + 8 + 8, s.totalSteps(4));
        assertFalse(s.isUniform());
        assertTrue(StepSchedule.parse("12").isUniform());
        assertEquals(StepSchedule.uniform(12), StepSchedule.parse("12"));
    }

    @Test
    void itsTextReadsBackToTheSameSchedule() {
        StepSchedule s = new StepSchedule(List.of(20, 12, 6));
        assertEquals("20,12,6", s.toString());
        assertEquals(s, StepSchedule.parse(s.toString()));
    }

    @Test
    void badEntriesAreNamed() {
        IllegalArgumentException word = assertThrows(IllegalArgumentException.class, () -> StepSchedule.parse("25,x,8"));
        assertTrue(word.getMessage().contains("entry 2 (\"x\") is not a whole number"), word.getMessage());
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, () -> StepSchedule.parse("25,,8"));
        assertTrue(empty.getMessage().contains("entry 2"), empty.getMessage());
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class, () -> StepSchedule.parse("25,0"));
        assertTrue(zero.getMessage().contains("block 1 of the step schedule 25,0 has 0 steps"), zero.getMessage());
        IllegalArgumentException huge = assertThrows(IllegalArgumentException.class, () -> StepSchedule.parse("1001"));
        assertTrue(huge.getMessage().contains("1 to 1000"), huge.getMessage());
        assertThrows(IllegalArgumentException.class, () -> StepSchedule.parse(" "));
        assertThrows(IllegalArgumentException.class, () -> new StepSchedule(List.of()));
        assertThrows(IllegalArgumentException.class, () -> StepSchedule.uniform(3).stepsFor(-1));
    }
}
