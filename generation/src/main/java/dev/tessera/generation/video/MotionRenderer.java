package dev.tessera.generation.video;

/**
 * Draws a sprite along a {@link MotionPath}: each pixel centre is mapped back into the sprite
 * (undoing the move, the spin and the scale; the offset from the sprite's centre is taken on the
 * torus, {@link MotionPath#wrap}, so a sprite crossing an edge shows on both sides), the
 * premultiplied sprite is sampled bilinearly
 * (transparent outside it) and laid over the background. Frames come out as CHW floats in [-1, 1],
 * one after another, as the models take them.
 */
public final class MotionRenderer {

    private MotionRenderer() {}

    /** {@code frames} frames of {@code size}² pixels. */
    public static float[] render(Sprite sprite, MotionPath path, int frames, int size) {
        int plane = size * size;
        float[] clip = new float[frames * 3 * plane];
        double half = sprite.side() / 2.0;
        for (int f = 0; f < frames; f++) {
            double cx = path.centreX(f), cy = path.centreY(f), scale = path.scale(f), angle = path.angle(f);
            double cos = Math.cos(angle), sin = Math.sin(angle);
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    double dx = MotionPath.wrap(x + 0.5 - cx, size), dy = MotionPath.wrap(y + 0.5 - cy, size);
                    // Texel coordinates (texel centres at i + 0.5) of this pixel centre, rotated back by the angle.
                    double u = (cos * dx + sin * dy) / scale + half - 0.5;
                    double v = (-sin * dx + cos * dy) / scale + half - 0.5;
                    float[] texel = bilinear(sprite, u, v);
                    double t = Math.min(1, Math.max(0, ((x + 0.5 - size / 2.0) * path.gx()
                            + (y + 0.5 - size / 2.0) * path.gy()) / size + 0.5));
                    for (int c = 0; c < 3; c++) {
                        double background = path.from()[c] + (path.to()[c] - path.from()[c]) * t;
                        double value = texel[c] + (1 - texel[3]) * background;
                        clip[f * 3 * plane + c * plane + y * size + x] = (float) (value * 2 - 1);
                    }
                }
            }
        }
        return clip;
    }

    /** Premultiplied RGBA of the sprite at texel coordinates (u, v), transparent outside it. */
    static float[] bilinear(Sprite sprite, double u, double v) {
        int i0 = (int) Math.floor(u), j0 = (int) Math.floor(v);
        double fu = u - i0, fv = v - j0;
        float[] out = new float[4];
        for (int dj = 0; dj <= 1; dj++) {
            for (int di = 0; di <= 1; di++) {
                int i = i0 + di, j = j0 + dj;
                if (i < 0 || j < 0 || i >= sprite.side() || j >= sprite.side()) {
                    continue;
                }
                double w = (di == 0 ? 1 - fu : fu) * (dj == 0 ? 1 - fv : fv);
                for (int c = 0; c < 4; c++) {
                    out[c] += (float) (w * sprite.texel(i, j, c));
                }
            }
        }
        return out;
    }
}
