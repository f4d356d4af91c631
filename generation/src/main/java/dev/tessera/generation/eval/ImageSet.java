package dev.tessera.generation.eval;

import java.util.List;

/**
 * Images to evaluate with what each was asked to show: {@code pixels} holds {@code prompts.size()}
 * CHW images of {@code size}² pixels in [-1, 1], one after another.
 */
public record ImageSet(float[] pixels, int size, List<EvalPrompt> prompts) {

    public ImageSet {
        prompts = List.copyOf(prompts);
        if (prompts.isEmpty()) {
            throw new IllegalArgumentException("there are no images to evaluate");
        }
        if ((long) prompts.size() * 3 * size * size != pixels.length) {
            throw new IllegalArgumentException(prompts.size() + " prompts but " + pixels.length / (3 * size * size)
                    + " images of " + size + "×" + size);
        }
    }

    public int count() {
        return prompts.size();
    }

    /** A copy of image {@code i} (CHW). */
    public float[] image(int i) {
        int perImage = 3 * size * size;
        float[] out = new float[perImage];
        System.arraycopy(pixels, i * perImage, out, 0, perImage);
        return out;
    }

    /**
     * The images with every value clamped to [-1, 1], as their PNGs hold them: the sampler's last step
     * can overshoot the range slightly, which pixel metrics such as PSNR refuse.
     */
    public ImageSet clamped() {
        float[] out = pixels.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.max(-1f, Math.min(1f, out[i]));
        }
        return new ImageSet(out, size, prompts);
    }

    /** The images whose prompt passes {@code keep}, in order. */
    public ImageSet filter(java.util.function.Predicate<EvalPrompt> keep) {
        int perImage = 3 * size * size;
        List<EvalPrompt> kept = new java.util.ArrayList<>();
        float[] out = new float[pixels.length];
        for (int i = 0; i < prompts.size(); i++) {
            if (keep.test(prompts.get(i))) {
                System.arraycopy(pixels, i * perImage, out, kept.size() * perImage, perImage);
                kept.add(prompts.get(i));
            }
        }
        return new ImageSet(java.util.Arrays.copyOf(out, kept.size() * perImage), size, kept);
    }
}
