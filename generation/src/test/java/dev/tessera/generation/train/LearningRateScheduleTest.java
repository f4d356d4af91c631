package dev.tessera.generation.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {

    // Peak 1, floor 0.1, 10 warmup steps, 100 steps, decay over the last 20 % (steps 80..99).
    private final LearningRateSchedule schedule = new LearningRateSchedule(1.0, 0.1, 10, 100, 0.2);

    @Test
    void warmsUpLinearly() {
        assertEquals(0.1, schedule.at(0), 1e-12);
        assertEquals(0.5, schedule.at(4), 1e-12);
        assertEquals(1.0, schedule.at(9), 1e-12);
    }

    @Test
    void staysAtThePeakUntilTheDecayPhase() {
        assertEquals(80, schedule.decayStart());
        assertEquals(1.0, schedule.at(10), 1e-12);
        assertEquals(1.0, schedule.at(79), 1e-12);
    }

    @Test
    void decaysLinearlyToTheFloorAtTheLastStep() {
        assertEquals(1.0 - 0.9 / 20, schedule.at(80), 1e-12);
        assertEquals(0.55, schedule.at(89), 1e-12);
        assertEquals(0.1, schedule.at(99), 1e-12);
    }

    @Test
    void withoutDecayTheRateStaysAtThePeak() {
        LearningRateSchedule constant = new LearningRateSchedule(0.5, 0.0, 0, 10, 0.0);
        for (int step = 0; step < 10; step++) {
            assertEquals(0.5, constant.at(step), 1e-12);
        }
    }
}
