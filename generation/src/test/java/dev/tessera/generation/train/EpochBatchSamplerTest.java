package dev.tessera.generation.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class EpochBatchSamplerTest {

    @Test
    void everyEpochVisitsEachExampleOnceInASeededOrder() {
        EpochBatchSampler sampler = new EpochBatchSampler(42, 10);
        int[] epoch0 = IntStream.range(0, 5).flatMap(step -> Arrays.stream(sampler.batch(step, 2))).toArray();
        int[] epoch1 = IntStream.range(5, 10).flatMap(step -> Arrays.stream(sampler.batch(step, 2))).toArray();

        assertArrayEquals(IntStream.range(0, 10).toArray(), Arrays.stream(epoch0).sorted().toArray());
        assertArrayEquals(IntStream.range(0, 10).toArray(), Arrays.stream(epoch1).sorted().toArray());
        assertFalse(Arrays.equals(epoch0, epoch1), "epochs should be shuffled differently");
        assertArrayEquals(new EpochBatchSampler(42, 10).batch(7, 3), sampler.batch(7, 3));
    }
}
