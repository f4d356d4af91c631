package dev.tessera.generation.data;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/**
 * The fixed train/validation split, decided per emoji rather than per image: a salted SHA-256 of
 * the base emoji's code points. So every style holds out the same emoji, all skin tones of one emoji
 * fall on the same side, and the split never changes with file order, style set or JVM.
 */
public final class EmojiSplit {

    /** Target share of emoji held out for validation. */
    public static final double VALIDATION_FRACTION = 0.05;
    // Changing the salt reshuffles the split; models trained on one split must be evaluated on it.
    // (v1 happened to hold out only 3.5 % of the 1,911 emoji; v2 holds out 4.6 %.)
    private static final String SALT = "tessera-emoji-split-v2:";
    private static final long BUCKETS = 10_000;

    private EmojiSplit() {
    }

    /** Whether the emoji with these base code points (e.g. {@code 1F44B}) belongs to the validation side. */
    public static boolean isValidation(String baseUnified) {
        byte[] digest = sha256(SALT + baseUnified.toUpperCase(Locale.ROOT));
        long hash = 0;
        for (int i = 0; i < 8; i++) {
            hash = hash << 8 | (digest[i] & 0xFF);
        }
        return Long.remainderUnsigned(hash, BUCKETS) < Math.round(VALIDATION_FRACTION * BUCKETS);
    }

    public static boolean isValidation(EmojiItem item) {
        return isValidation(item.baseUnified());
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
