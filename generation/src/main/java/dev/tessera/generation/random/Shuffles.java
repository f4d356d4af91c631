package dev.tessera.generation.random;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Fisher–Yates shuffles driven by a {@link SplittableRandom} (the JDK's {@code Collections.shuffle}
 * takes only {@code java.util.Random}). Every caller walks from the end with {@code nextInt(i + 1)},
 * so a given generator state always yields the same order: data order, prompt sets and
 * degradations stay reproducible from their seeds.
 */
public final class Shuffles {

    private Shuffles() {}

    /** Shuffles {@code values} in place. */
    public static void shuffle(int[] values, SplittableRandom random) {
        for (int i = values.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = values[i];
            values[i] = values[j];
            values[j] = swap;
        }
    }

    /** Shuffles {@code items} in place (a mutable random-access list). */
    public static <T> void shuffle(List<T> items, SplittableRandom random) {
        for (int i = items.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            items.set(i, items.set(j, items.get(i)));
        }
    }

    /** A random permutation of {@code 0 .. n-1}. */
    public static int[] permutation(int n, SplittableRandom random) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        shuffle(order, random);
        return order;
    }
}
