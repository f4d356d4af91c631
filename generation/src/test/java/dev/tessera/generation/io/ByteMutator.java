package dev.tessera.generation.io;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Seeded byte mutations for the fuzz tests: bit flips, interesting bytes, digit runs made huge,
 * deleted, duplicated or truncated ranges, a new 8-byte little-endian length prefix. Positions
 * lean towards the first 4 KB, where headers and JSON live. The same seed gives the same inputs.
 */
public final class ByteMutator {

    private static final byte[] INTERESTING = {0, -1, 0x7f, (byte) 0x80, '{', '}', '"', '[', ']', ',', ':', '9', '-', '.', 'e'};

    private ByteMutator() {}

    /** One to four mutations of a copy of {@code original}. */
    public static byte[] mutate(byte[] original, SplittableRandom random) {
        byte[] bytes = original.clone();
        int mutations = 1 + random.nextInt(4);
        for (int m = 0; m < mutations; m++) {
            bytes = mutateOnce(bytes, random);
        }
        return bytes;
    }

    private static byte[] mutateOnce(byte[] bytes, SplittableRandom random) {
        if (bytes.length == 0) {
            return new byte[] {(byte) random.nextInt(256)};
        }
        int at = headerBiased(bytes.length, random);
        switch (random.nextInt(7)) {
            case 0 -> bytes[at] ^= (byte) (1 << random.nextInt(8));
            case 1 -> bytes[at] = INTERESTING[random.nextInt(INTERESTING.length)];
            case 2 -> { // a digit run grows into a huge number
                byte[] digits = "9999999999999999999".substring(random.nextInt(18)).getBytes();
                return splice(bytes, at, digits, 0);
            }
            case 3 -> {
                int length = 1 + random.nextInt(Math.min(64, bytes.length - at));
                return splice(bytes, at, new byte[0], length);
            }
            case 4 -> {
                byte[] copy = Arrays.copyOfRange(bytes, at, Math.min(bytes.length, at + 1 + random.nextInt(32)));
                return splice(bytes, headerBiased(bytes.length, random), copy, 0);
            }
            case 5 -> {
                return Arrays.copyOf(bytes, at);
            }
            default -> { // a new length prefix
                if (bytes.length >= 8) {
                    long length = random.nextBoolean() ? random.nextLong() : random.nextInt(bytes.length + 16);
                    for (int i = 0; i < 8; i++) {
                        bytes[i] = (byte) (length >>> (8 * i));
                    }
                }
            }
        }
        return bytes;
    }

    /** Mostly inside the first 4 KB, sometimes anywhere. */
    private static int headerBiased(int length, SplittableRandom random) {
        return random.nextInt(4) == 0 ? random.nextInt(length) : random.nextInt(Math.min(length, 4096));
    }

    private static byte[] splice(byte[] bytes, int at, byte[] insert, int remove) {
        byte[] out = new byte[bytes.length - remove + insert.length];
        System.arraycopy(bytes, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(bytes, at + remove, out, at + insert.length, bytes.length - at - remove);
        return out;
    }
}
