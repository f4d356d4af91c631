package dev.tessera.generation.video;

import dev.tessera.generation.random.NoiseStream;

/**
 * Where a sprite is in every frame of a clip, and what lies behind it. Every motion is one formula
 * with different terms switched on: centre (x0 + vx·f, y0 + vy·f − hop·|sin(π·f/period + phase)|),
 * scale scale0·e^(growth·s(f)) with s(f) = f, or (f + shift) mod cycle for a zoom that cycles, angle
 * spin·f (radians, clockwise on screen), for frame f. The frame is a torus: the renderer takes a
 * pixel's offset from the centre modulo the frame's side into [−side/2, side/2) ({@link #wrap}), so a
 * sprite leaving one edge re-enters at the opposite one (and shows on both sides while it crosses).
 * Straight motions go on for ever that way and zooms restart, while spin and bounce are periodic, so
 * no motion ends: a path does not depend on the clip's length, and a longer clip shows more of it.
 * The background runs from {@code from} to {@code to} (RGB in [0, 1]) along the unit direction
 * (gx, gy), plain when the two are equal. Lengths are in pixels of the frame; the sprite's scale is
 * relative to its own side. The GPU twin draws the same formula (training/motion.py).
 */
public record MotionPath(Motion motion, double x0, double y0, double vx, double vy, double hop, double period,
        double phase, double scale0, double growth, double spin, double cycle, double shift, float[] from, float[] to,
        double gx, double gy) {

    /** Pastel channels lie in [SOFT, SOFT + SOFT_RANGE]: soft colours, far from the sprites' saturated ones. */
    static final double SOFT = 0.72;
    static final double SOFT_RANGE = 0.26;
    /** Frames over which a straight motion travels its 10–14 px (the speed of the first 16-frame clips). */
    static final double TRAVEL_FRAMES = 15;
    /** Frames of one zoom cycle, from one end of its scale range to the other: a 16-frame clip holds at most one reset. */
    static final double ZOOM_CYCLE = 20;

    public double centreX(int f) {
        return x0 + vx * f;
    }

    public double centreY(int f) {
        return y0 + vy * f - (hop == 0 ? 0 : hop * Math.abs(Math.sin(Math.PI * f / period + phase)));
    }

    public double scale(int f) {
        return scale0 * Math.exp(growth * (cycle > 0 ? positiveMod(f + shift, cycle) : f));
    }

    public double angle(int f) {
        return spin * f;
    }

    /** {@code d} modulo {@code side} into [−side/2, side/2): an offset on the torus, the shorter way round. */
    public static double wrap(double d, double side) {
        return d - side * Math.floor((d + side / 2) / side);
    }

    private static double positiveMod(double v, double m) {
        return v - m * Math.floor(v / m);
    }

    /**
     * A random path of {@code motion} for a sprite of {@code side} texels in frames of {@code size}²
     * pixels, drawn from {@code stream}'s uniform numbers 0..15. The same stream gives the same path.
     */
    public static MotionPath draw(Motion motion, NoiseStream stream, int frames, int size, int side) {
        double[] u = new double[UNIFORMS];
        for (int i = 0; i < u.length; i++) {
            u[i] = stream.uniform(i);
        }
        return draw(motion, u, frames, size, side);
    }

    /** Uniform numbers one path is drawn from. */
    public static final int UNIFORMS = 16;

    /**
     * The path {@code u} (UNIFORMS numbers in [0, 1)) gives; the twin's draw_paths computes the same.
     * {@code frames} is the clip's length, checked but not used: paths go on for ever at the speeds
     * of the first 16-frame clips, so a clip of 48 frames continues the one of 16 drawn from the same numbers.
     */
    public static MotionPath draw(Motion motion, double[] u, int frames, int size, int side) {
        if (u.length != UNIFORMS) {
            throw new IllegalArgumentException("a path takes " + UNIFORMS + " uniform numbers, got " + u.length);
        }
        if (frames <= 0) {
            throw new IllegalArgumentException("a clip needs at least one frame, got " + frames);
        }
        float[] from = pastel(u[1], u[2], u[3]);
        float[] to = u[0] < 0.5 ? from.clone() : pastel(u[5], u[6], u[7]);
        double direction = 2 * Math.PI * u[4];
        double gx = Math.cos(direction), gy = Math.sin(direction);
        double centre = size / 2.0;
        double scale0 = 0.85 + 0.25 * u[8];
        double half = scale0 * side / 2;
        double lo = half + 1, hi = size - half - 1;
        double x0 = centre + (u[10] - 0.5) * 6, y0 = centre + (u[11] - 0.5) * 6;
        double vx = 0, vy = 0, hop = 0, period = 1, phase = 0, growth = 0, spin = 0, cycle = 0, shift = 0;
        switch (motion) {
            case LEFT, RIGHT, UP, DOWN -> {
                // 10–14 px per 15 frames, starting anywhere along the way: the frame wraps around.
                double travel = Math.min(hi - lo, (size * 0.3) + (size * 0.12) * u[9]);
                double first = size * u[12];
                double across = centre + (u[13] - 0.5) * size / 4;
                double sign = motion == Motion.RIGHT || motion == Motion.DOWN ? 1 : -1;
                boolean horizontal = motion == Motion.LEFT || motion == Motion.RIGHT;
                x0 = horizontal ? first : across;
                y0 = horizontal ? across : first;
                vx = horizontal ? sign * travel / TRAVEL_FRAMES : 0;
                vy = horizontal ? 0 : sign * travel / TRAVEL_FRAMES;
            }
            case ZOOM_IN, ZOOM_OUT -> {
                // From one end of [small, large] to the other in ZOOM_CYCLE frames, then back to the start,
                // the clip's frame 0 at a random point of the cycle.
                double small = 0.5 + 0.15 * u[9], large = 1.2 + 0.2 * u[12];
                scale0 = motion == Motion.ZOOM_IN ? small : large;
                growth = (motion == Motion.ZOOM_IN ? 1 : -1) * Math.log(large / small) / ZOOM_CYCLE;
                cycle = ZOOM_CYCLE;
                shift = ZOOM_CYCLE * u[15];
            }
            case SPIN -> {
                // Near the middle: a turning square sprite reaches √2 times further out.
                spin = Math.toRadians(16 + 10 * u[9]);
                x0 = centre + (u[10] - 0.5) * 2;
                y0 = centre + (u[11] - 0.5) * 2;
            }
            case BOUNCE -> {
                hop = 0.22 * size + 0.09 * size * u[9];
                period = 7 + 2 * u[12];
                phase = Math.PI * u[13];
                y0 = hi - u[14] * 2; // the floor: the sprite's lowest point
                x0 = centre + (u[10] - 0.5) * size * 0.4;
            }
        }
        return new MotionPath(motion, x0, y0, vx, vy, hop, period, phase, scale0, growth, spin, cycle, shift, from, to, gx,
                gy);
    }

    private static float[] pastel(double r, double g, double b) {
        return new float[] {(float) (SOFT + SOFT_RANGE * r), (float) (SOFT + SOFT_RANGE * g), (float) (SOFT + SOFT_RANGE * b)};
    }
}
