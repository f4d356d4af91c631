package dev.tessera.app.generate;

/**
 * A request as a person typed it, one text per field, before {@link RequestValidation} checks it.
 * The Generate form, the queue's forms and the CLI's options all hand their input over in this shape.
 *
 * @param sampler    a sampler id such as "dpm++2m" (see {@link dev.tessera.generation.diffusion.SamplerKind})
 * @param initImage  the path of an init picture (image to image), or empty for text to image
 * @param strength   the fraction of the steps run again, (0, 1]; empty for the default with an init image
 * @param keepBlocks block indices kept from the init picture, e.g. "0,3"; empty for none
 */
public record RequestText(String prompt, String style, String seed, String steps, String guidance,
        String styleStrength, String sampler, String count, String negativePrompt, String initImage, String strength,
        String keepBlocks) {

    public RequestText {
        initImage = initImage == null ? "" : initImage;
        strength = strength == null ? "" : strength;
        keepBlocks = keepBlocks == null ? "" : keepBlocks;
    }

    /** Text to image. */
    public RequestText(String prompt, String style, String seed, String steps, String guidance, String styleStrength,
            String sampler, String count, String negativePrompt) {
        this(prompt, style, seed, steps, guidance, styleStrength, sampler, count, negativePrompt, "", "", "");
    }

    /** Without a negative prompt. */
    public RequestText(String prompt, String style, String seed, String steps, String guidance, String styleStrength,
            String sampler, String count) {
        this(prompt, style, seed, steps, guidance, styleStrength, sampler, count, "");
    }

    /** The text a form shows for {@code r}; it checks back to {@code r}. */
    public static RequestText of(GenerationRequest r) {
        InitImage init = r.init();
        return new RequestText(r.prompt(), r.style(), Long.toString(r.seed()), Integer.toString(r.steps()),
                number(r.guidance()), number(r.styleStrength()), r.sampler().id(), Integer.toString(r.count()),
                r.negativePrompt(), init == null ? "" : init.file(), init == null ? "" : number(init.strength()),
                init == null ? "" : String.join(",", init.keptBlocks().stream().map(String::valueOf).toList()));
    }

    public RequestText withNegativePrompt(String text) {
        return new RequestText(prompt, style, seed, steps, guidance, styleStrength, sampler, count, text, initImage,
                strength, keepBlocks);
    }

    /** With an init picture, its strength and kept blocks as typed (all empty: text to image). */
    public RequestText withInit(String image, String newStrength, String blocks) {
        return new RequestText(prompt, style, seed, steps, guidance, styleStrength, sampler, count, negativePrompt, image,
                newStrength, blocks);
    }

    /** Checks every field; see {@link RequestValidation#check}. */
    public RequestValidation.Result check() {
        return RequestValidation.check(this);
    }

    /** A number as a person writes it: "1.5", "4" (not "4.0"). */
    public static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }
}
