package dev.tessera.app.export;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The whole-number sizes an image is exported at. A 32×32 emoji at ×8 is 256×256, each model pixel a
 * flat 8×8 square (nearest neighbour: smoothing would blur pixel art).
 */
public enum ExportScale {
    X1(1), X4(4), X8(8);

    private final int factor;

    ExportScale(int factor) {
        this.factor = factor;
    }

    public int factor() {
        return factor;
    }

    /** "×4", as menus show it. */
    public String label() {
        return "×" + factor;
    }

    /** "1", "4", "8" (or "x4", "×8"); anything else is a clear error naming the choices. */
    public static ExportScale parse(String text) {
        String digits = text == null ? "" : text.strip().toLowerCase(Locale.ROOT).replaceFirst("^[x×]", "");
        return Arrays.stream(values()).filter(s -> Integer.toString(s.factor).equals(digits)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("scale must be one of " + choices() + ", got \""
                        + text + "\""));
    }

    /** "1, 4 or 8". */
    public static String choices() {
        String all = Arrays.stream(values()).map(s -> Integer.toString(s.factor)).collect(Collectors.joining(", "));
        int last = all.lastIndexOf(", ");
        return all.substring(0, last) + " or " + all.substring(last + 2);
    }
}
