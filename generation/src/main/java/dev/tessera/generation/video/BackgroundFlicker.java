package dev.tessera.generation.video;

/**
 * Frame-to-frame flicker of a clip's background: the mean absolute change, channels in [0, 1], of the
 * pixels that lie beyond the tracked sprite's reach in both frames. The training clips' backgrounds
 * never change, so a true clip scores 0; a model's clip scores how much its background shimmers from
 * one frame to the next. Distances are taken the shorter way round the frame, so a sprite that wraps
 * across an edge keeps its pixels out of the count on both sides.
 */
public final class BackgroundFlicker {

    /** Pixels beyond a sprite's tracked size that still count as its own (its corners and soft edge). */
    static final double MARGIN = 2;

    private BackgroundFlicker() {}

    /**
     * The flicker from frame {@code f - 1} to frame {@code f} of {@code clip} (CHW frames in [-1, 1] of
     * {@code size}² pixels), with the sprite tracked at {@code before} and {@code after}; NaN when the
     * sprite covers every pixel.
     */
    public static double between(float[] clip, int size, int f, SpriteTrack before, SpriteTrack after) {
        if (f < 1) {
            throw new IllegalArgumentException("flicker is measured from a frame's predecessor; frame " + f + " has none");
        }
        int frame = 3 * size * size;
        if (clip.length < (f + 1) * frame) {
            throw new IllegalArgumentException("the clip holds " + clip.length / frame + " frames, not " + (f + 1));
        }
        double sum = 0;
        int count = 0;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                if (near(before, x, y, size) || near(after, x, y, size)) {
                    continue;
                }
                for (int c = 0; c < 3; c++) {
                    int i = c * size * size + y * size + x;
                    sum += Math.abs(clip[f * frame + i] - clip[(f - 1) * frame + i]) / 2; // [-1, 1] → [0, 1]
                }
                count += 3;
            }
        }
        return count == 0 ? Double.NaN : sum / count;
    }

    private static boolean near(SpriteTrack track, int x, int y, int size) {
        double reach = track.size() + MARGIN;
        double dx = wrapped(x + 0.5 - track.x(), size), dy = wrapped(y + 0.5 - track.y(), size);
        return dx * dx + dy * dy <= reach * reach;
    }

    private static double wrapped(double d, int size) {
        double a = Math.abs(d) % size;
        return Math.min(a, size - a);
    }
}
