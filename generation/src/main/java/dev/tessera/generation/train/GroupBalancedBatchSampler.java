package dev.tessera.generation.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Draws each batch item by picking a group uniformly, then one of its examples uniformly, from a
 * generator derived from (seed, step): every group gets the same share of training whatever its size.
 */
public final class GroupBalancedBatchSampler implements BatchSampler {

    private final long seed;
    private final int[][] members;

    /** {@code groupOfExample[i]} is example i's group; any int labels, in any order. */
    public GroupBalancedBatchSampler(long seed, int[] groupOfExample) {
        if (groupOfExample.length == 0) {
            throw new IllegalArgumentException("dataset must not be empty");
        }
        this.seed = seed;
        Map<Integer, List<Integer>> byGroup = new LinkedHashMap<>();
        for (int i = 0; i < groupOfExample.length; i++) {
            byGroup.computeIfAbsent(groupOfExample[i], g -> new ArrayList<>()).add(i);
        }
        this.members = byGroup.values().stream()
                .map(list -> list.stream().mapToInt(Integer::intValue).toArray())
                .toArray(int[][]::new);
    }

    public int groupCount() {
        return members.length;
    }

    @Override
    public int[] batch(long step, int batchSize) {
        SplittableRandom random = TrainingRandom.derive(seed, TrainingRandom.BALANCED_BATCH_STREAM, step);
        int[] out = new int[batchSize];
        for (int i = 0; i < batchSize; i++) {
            int[] group = members[random.nextInt(members.length)];
            out[i] = group[random.nextInt(group.length)];
        }
        return out;
    }
}
