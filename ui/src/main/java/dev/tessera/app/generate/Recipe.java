package dev.tessera.app.generate;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tessera.app.png.A1111Parameters;
import dev.tessera.app.generate.GenerationRequest;
import dev.tessera.generation.diffusion.SamplerKind;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Everything needed to render one image again: stored in each PNG as the A1111 {@code parameters}
 * text (for other tools) and as a JSON chunk (exact, for replay).
 *
 * @param version       {@link #VERSION}; version 1 recipes predate style strength and read as 0 (off)
 * @param styleStrength style-contrast guidance (see {@link dev.tessera.generation.acdit.sampling.AcditGuidance})
 * @param modelHash     first 10 hex digits of the model file's SHA-256 (A1111's "AutoV2" hash)
 * @param batch         where the image sat in the batch it was rendered in; null (rendered alone) in
 *                      recipes written before it was recorded
 * @param negativePrompt the negative prompt (see {@link GenerationRequest}); empty for none, and in recipes
 *                      written before version 3
 * @param init          image to image: the source picture (path and SHA-256), strength and kept blocks; absent
 *                      (null) for text to image and in recipes written before version 4
 * @param blockSteps    steps per block position ({@code 25,16,8}, see {@link dev.tessera.generation.acdit.sampling.StepSchedule});
 *                      absent (null) when every block took {@code steps}, and in recipes before version 5
 * @param stepCache     the step-cache threshold; absent (0, off) when off and in recipes before version 5
 * @param preset        the preset the speed settings came from (quality, balanced, fast); absent when set by
 *                      hand. Replay uses {@code blockSteps} and {@code stepCache}, never the preset's current values
 */
public record Recipe(int version, String prompt, String style, long seed, int steps, double guidance,
        double styleStrength, String sampler, String model, String modelHash, int width, int height, Batch batch,
        String negativePrompt, @JsonInclude(JsonInclude.Include.NON_NULL) InitImage init,
        @JsonInclude(JsonInclude.Include.NON_NULL) String blockSteps,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) double stepCache,
        @JsonInclude(JsonInclude.Include.NON_NULL) String preset) {

    /**
     * Image {@code index} of a batch of {@code size}. Batched matrix products round differently from
     * a batch of one, so bit-exact replay renders the whole batch again.
     */
    public record Batch(int index, int size) {
        public Batch {
            if (size < 1 || index < 0 || index >= size) {
                throw new IllegalArgumentException("batch index " + index + " of " + size + " is impossible");
            }
        }
    }

    public static final Batch ALONE = new Batch(0, 1);

    public Recipe {
        batch = batch == null ? ALONE : batch;
        negativePrompt = negativePrompt == null ? "" : negativePrompt;
        if (blockSteps != null) {
            dev.tessera.generation.acdit.sampling.StepSchedule.parse(blockSteps); // refuses a bad one, naming it
        }
        dev.tessera.generation.acdit.model.StepCache.checkThreshold(stepCache);
        if (preset != null) {
            Preset.fromId(preset);
        }
    }

    /** Uniform steps, no step caching, no preset: every recipe before version 5. */
    public Recipe(int version, String prompt, String style, long seed, int steps, double guidance, double styleStrength,
            String sampler, String model, String modelHash, int width, int height, Batch batch, String negativePrompt,
            InitImage init) {
        this(version, prompt, style, seed, steps, guidance, styleStrength, sampler, model, modelHash, width, height, batch,
                negativePrompt, init, null, 0, null);
    }

    /** The recipe of image {@code index} of {@code request}'s batch, made by model {@code model} ({@code modelHash}). */
    public static Recipe of(GenerationRequest request, int index, String model, String modelHash, int size) {
        Speed speed = request.speed();
        return new Recipe(VERSION, request.prompt(), request.style(), request.seedOf(index), request.steps(),
                request.guidance(), request.styleStrength(), request.sampler().id(), model, modelHash, size, size,
                new Batch(index, request.count()), request.negativePrompt(), request.init(),
                speed.schedule() == null ? null : speed.schedule().toString(), speed.stepCache(),
                speed.preset() == null ? null : speed.preset().id());
    }

    /** Steps per block position as recorded: the schedule, or {@link #steps} when every block took the same. */
    public String stepsPerBlock() {
        return blockSteps != null ? blockSteps : Integer.toString(steps);
    }

    /** The steps as a person reads them in lists: see {@link Speed#describe}. */
    public String describeSteps() {
        return Speed.describe(stepsPerBlock(), stepCache, preset);
    }

    /** Text to image. */
    public Recipe(int version, String prompt, String style, long seed, int steps, double guidance, double styleStrength,
            String sampler, String model, String modelHash, int width, int height, Batch batch, String negativePrompt) {
        this(version, prompt, style, seed, steps, guidance, styleStrength, sampler, model, modelHash, width, height, batch,
                negativePrompt, null);
    }

    /** Without a negative prompt. */
    public Recipe(int version, String prompt, String style, long seed, int steps, double guidance, double styleStrength,
            String sampler, String model, String modelHash, int width, int height, Batch batch) {
        this(version, prompt, style, seed, steps, guidance, styleStrength, sampler, model, modelHash, width, height, batch,
                "");
    }

    /** 5 added the step schedule, step cache and preset, 4 the init image (image to image), 3 the negative prompt, 2 style strength. */
    public static final int VERSION = 5;
    public static final String JSON_CHUNK = "tessera";
    public static final String A1111_CHUNK = "parameters";
    /** Tessera's own A1111 key, written only when style strength is on. */
    public static final String STYLE_STRENGTH_KEY = "Style strength";
    /** A1111's img2img strength key, written only for image to image. */
    public static final String DENOISING_STRENGTH_KEY = "Denoising strength";
    /** Tessera's own A1111 key: the blocks kept from the init image, e.g. "0 3". */
    public static final String KEPT_BLOCKS_KEY = "Kept blocks";
    /** Tessera's own A1111 keys, written only when set: steps per block position ("25 16 8"), step cache, preset. */
    public static final String BLOCK_STEPS_KEY = "Block steps";
    public static final String STEP_CACHE_KEY = "Step cache";
    public static final String PRESET_KEY = "Preset";
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** The single-image request that renders this recipe (the settings; see {@link #batchRequest} for exact replay). */
    public GenerationRequest request() {
        Speed speed = new Speed(blockSteps == null ? null : dev.tessera.generation.acdit.sampling.StepSchedule.parse(blockSteps),
                stepCache, preset == null ? null : Preset.fromId(preset));
        return new GenerationRequest(prompt, style, seed, steps, guidance, styleStrength, SamplerKind.fromId(sampler), 1,
                negativePrompt, init, speed);
    }

    /** The request of the whole batch this image was rendered in; its image {@code batch().index()} is this one. */
    public GenerationRequest batchRequest() {
        return request().withSeed(seed - batch.index()).withCount(batch.size());
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Recipe fromJson(String json) {
        try {
            Recipe recipe = JSON.readValue(json, Recipe.class);
            if (recipe.version() < 1 || recipe.version() > VERSION) {
                throw new IllegalArgumentException("recipe version " + recipe.version() + " is not supported");
            }
            return recipe;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a Tessera recipe: " + e.getOriginalMessage(), e);
        }
    }

    /** The A1111 form: prompt, {@code Negative prompt: …} when there is one, then {@code Steps: …, Sampler: …, CFG scale: …, Seed: …, Size: …, Model hash: …}. */
    public A1111Parameters toA1111() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("Steps", String.valueOf(steps));
        settings.put("Sampler", samplerDisplayName(sampler));
        settings.put("CFG scale", format(guidance));
        if (styleStrength != 0) {
            settings.put(STYLE_STRENGTH_KEY, format(styleStrength));
        }
        settings.put("Seed", String.valueOf(seed));
        if (init != null) {
            // A1111's img2img key; the kept blocks are Tessera's own.
            settings.put(DENOISING_STRENGTH_KEY, format(init.strength()));
            if (!init.keptBlocks().isEmpty()) {
                settings.put(KEPT_BLOCKS_KEY, String.join(" ", init.keptBlocks().stream().map(String::valueOf).toList()));
            }
        }
        if (blockSteps != null) {
            settings.put(BLOCK_STEPS_KEY, blockSteps.replace(",", " "));
        }
        if (stepCache != 0) {
            settings.put(STEP_CACHE_KEY, format(stepCache));
        }
        if (preset != null) {
            settings.put(PRESET_KEY, preset);
        }
        settings.put("Size", A1111Parameters.size(width, height));
        settings.put("Model hash", modelHash);
        settings.put("Model", model);
        settings.put("Style", style);
        settings.put("Version", "Tessera");
        return new A1111Parameters(prompt, negativePrompt, settings);
    }

    /** A1111's name for a sampler, as its users know it. */
    public static String samplerDisplayName(String id) {
        return switch (SamplerKind.fromId(id)) {
            case DPM_SOLVER_PP_2M -> "DPM++ 2M";
            case DDIM -> "DDIM";
            case EULER -> "Euler";
        };
    }

    /** The sampler id for an A1111 sampler name, when Tessera has that sampler. */
    public static Optional<String> samplerFromDisplayName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.startsWith("dpm++ 2m")) {
            return Optional.of(SamplerKind.DPM_SOLVER_PP_2M.id());
        }
        if (n.equals("ddim")) {
            return Optional.of(SamplerKind.DDIM.id());
        }
        if (n.equals("euler")) {
            return Optional.of(SamplerKind.EULER.id());
        }
        return Optional.empty();
    }

    private static String format(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }
}
