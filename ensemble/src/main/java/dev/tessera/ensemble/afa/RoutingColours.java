package dev.tessera.ensemble.afa;

/**
 * The colours of routing heat-maps, shared by the PNG sheets and the studio: each expert has a colour (the
 * first blue, the second orange, then green, red, purple), and a pixel is white where the experts weigh
 * equally, turning towards the colour of the expert with the largest weight as that weight grows from 1/N
 * to 1. With two experts: blue = the first has it all, white = half each, orange = the second has it all.
 */
public final class RoutingColours {

    private static final int[] PALETTE = {0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728, 0x9467bd};

    private RoutingColours() {}

    /** Expert {@code expert}'s own colour, 0xRRGGBB. */
    public static int expert(int expert) {
        return PALETTE[expert % PALETTE.length];
    }

    /** A pixel's colour 0xRRGGBB for its experts' weights (summing to one). */
    public static int of(float[] weights) {
        int top = 0;
        for (int e = 1; e < weights.length; e++) {
            if (weights[e] > weights[top]) {
                top = e;
            }
        }
        double equal = 1.0 / weights.length;
        double strength = weights.length == 1 ? 0 : Math.max(0, Math.min(1, (weights[top] - equal) / (1 - equal)));
        return towards(expert(top), strength);
    }

    /** Two experts: the colour where the first has weight {@code first} and the second the rest. */
    public static int ofFirst(float first) {
        return of(new float[] {first, 1 - first});
    }

    private static int towards(int colour, double strength) {
        int r = blend(colour >> 16 & 0xff, strength);
        int g = blend(colour >> 8 & 0xff, strength);
        int b = blend(colour & 0xff, strength);
        return r << 16 | g << 8 | b;
    }

    private static int blend(int channel, double strength) {
        return (int) Math.round(255 + (channel - 255) * strength);
    }
}
