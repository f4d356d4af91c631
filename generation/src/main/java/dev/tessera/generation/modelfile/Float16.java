package dev.tessera.generation.modelfile;

/**
 * IEEE 754 half precision (binary16), the F16 of model files, as Java 17 has no conversion of its own.
 * {@link #toFloat} is exact; {@link #ceil} gives the smallest half not below a value, so a scale
 * stored as F16 never shrinks (a smaller scale would push weights past the end of the INT4 range);
 * {@link #nearest} rounds as IEEE 754 (and PyTorch) do, for weights stored in half precision.
 */
public final class Float16 {

    /** The largest finite half, 65504. */
    public static final float MAX = 65504f;

    private Float16() {}

    /** The exact float value of half-precision bits. */
    public static float toFloat(short half) {
        int bits = half & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1f;
        int mantissa = bits & 0x3ff;
        if (exponent == 0x1f) { // infinity or NaN
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        if (exponent == 0) { // zero or subnormal: mantissa × 2^-24, exact in float
            float magnitude = mantissa * 0x1p-24f;
            return sign == 0 ? magnitude : -magnitude;
        }
        return Float.intBitsToFloat(sign | ((exponent - 15 + 127) << 23) | (mantissa << 13));
    }

    /**
     * The bits of the smallest half ≥ {@code value}, for a finite {@code value} in [0, {@link #MAX}].
     *
     * @throws IllegalArgumentException for a negative, non-finite or too large value
     */
    public static short ceil(float value) {
        if (!(value >= 0 && value <= MAX)) {
            throw new IllegalArgumentException("a half-precision scale must lie in [0, " + MAX + "], was " + value);
        }
        // Halves ≥ 0 are ordered like their bits, so step from a lower bound up to the first one ≥ value.
        int bits = truncate(value);
        while (toFloat((short) bits) < value) {
            bits++;
        }
        return (short) bits;
    }

    /**
     * The bits of the half nearest {@code value}, ties to the even one (IEEE 754's default rounding).
     *
     * @throws IllegalArgumentException for a non-finite value or one whose magnitude rounds past {@link #MAX}
     */
    public static short nearest(float value) {
        float magnitude = Math.abs(value);
        if (!(magnitude <= MAX)) {
            throw new IllegalArgumentException("a half-precision weight must be finite and within ±" + MAX + ", was "
                    + value);
        }
        int below = truncate(magnitude);
        float low = toFloat((short) below);
        float high = toFloat((short) (below + 1));
        boolean up = magnitude - low > high - magnitude
                || (magnitude - low == high - magnitude && (below & 1) == 1);
        int bits = up ? below + 1 : below;
        return (short) (Float.floatToRawIntBits(value) < 0 ? bits | 0x8000 : bits);
    }

    /** A half ≤ value (value in [0, MAX]): its bits with the float's extra mantissa bits cut off. */
    private static int truncate(float value) {
        int exponent = Math.getExponent(value);
        if (exponent < -14) { // below the smallest normal half: a subnormal, counted in steps of 2^-24
            return (int) (value / 0x1p-24f);
        }
        int floatBits = Float.floatToRawIntBits(value);
        return ((exponent + 15) << 10) | ((floatBits >>> 13) & 0x3ff);
    }
}
