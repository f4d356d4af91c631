package dev.tessera.app.cli;

import dev.tessera.app.AppLocation;
import dev.tessera.app.generate.GenerationRequest;
import dev.tessera.app.generate.InitImage;
import dev.tessera.app.generate.RequestText;
import dev.tessera.app.generate.Preset;
import dev.tessera.app.generate.Speed;
import dev.tessera.generation.acdit.sampling.StepSchedule;
import dev.tessera.app.generate.RequestValidation;
import dev.tessera.generation.acdit.sampling.RecommendedSampling;
import dev.tessera.app.generate.FastVariant;
import dev.tessera.generation.modelfile.ModelFileException;
import dev.tessera.generation.modelfile.SafetensorsReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * What to render and where: the options {@code generate} and {@code queue add} share (a picocli
 * mixin). The values are taken as text and checked by {@link RequestValidation}, so the CLI refuses
 * what the studio's forms refuse, with the same messages.
 */
final class RequestOptions {

    @Spec(Spec.Target.MIXEE) CommandSpec command;

    @Option(names = "--prompt", required = true,
            description = "what to draw, e.g. \"cat face\" (up to " + RequestValidation.MAX_PROMPT_LENGTH + " characters)")
    String prompt;
    @Option(names = "--negative-prompt", defaultValue = "",
            description = "what to steer away from, e.g. \"sad\": it replaces guidance's unconditional branch (default: none)")
    String negativePrompt;
    @Option(names = "--style", defaultValue = "google", description = "google or twitter (default: ${DEFAULT-VALUE})")
    String style;
    @Option(names = "--seed", defaultValue = "0",
            description = "seed of the first image, 0 or more; image i uses seed + i (default: ${DEFAULT-VALUE})")
    String seed;
    @Option(names = "--steps", defaultValue = "" + GenerationRequest.DEFAULT_STEPS,
            description = "denoising steps per block, 1 to " + GenerationRequest.MAX_STEPS + " (default: ${DEFAULT-VALUE})")
    String steps;
    @Option(names = "--preset", description = "quality, balanced or fast: steps per block position (and step caching)"
            + " chosen by measurement, docs/results/sampling.md; in place of --steps, --schedule and --step-cache. Fast"
            + " renders with the model's few-step variant where one is installed beside it (<name>-fast.safetensors,"
            + " as the default model has)")
    String preset;
    @Option(names = "--schedule", description = "ACDiT steps per block position in generation order, e.g. 25,16,8 (the"
            + " last holds for every later block); in place of --steps")
    String schedule;
    @Option(names = "--step-cache", defaultValue = "0", description = "ACDiT step caching: a layer whose input moved"
            + " less than this (relative) since its last run in the block is skipped, e.g. 0.1; 0 = off (default)")
    String stepCache;
    @Option(names = "--cfg", defaultValue = "" + GenerationRequest.DEFAULT_GUIDANCE,
            description = "guidance scale, 0 to " + RequestValidation.MAX_GUIDANCE + " (default: ${DEFAULT-VALUE})")
    String cfg;
    @Option(names = "--style-strength", defaultValue = "" + GenerationRequest.DEFAULT_STYLE_STRENGTH,
            description = "style-contrast guidance, 0 (off) to " + RequestValidation.MAX_STYLE_STRENGTH
                    + " (default: ${DEFAULT-VALUE})")
    String styleStrength;
    @Option(names = "--sampler", defaultValue = "dpm++2m", description = "dpm++2m, ddim or euler (default: ${DEFAULT-VALUE})")
    String sampler;
    @Option(names = {"-n", "--count"}, defaultValue = "1",
            description = "number of images (a queue job's), 1 to " + GenerationRequest.MAX_COUNT + " (default: ${DEFAULT-VALUE})")
    String count;
    @Option(names = "--init-image", defaultValue = "",
            description = "start from this picture (image to image): its centred square, on white, area-averaged to the"
                    + " model's size (default: none, text to image)")
    String initImage;
    @Option(names = "--strength", defaultValue = "",
            description = "with --init-image: the fraction of each block's steps run again, more than 0 and at most 1;"
                    + " 1 ignores the picture except for kept blocks (default: " + InitImage.DEFAULT_STRENGTH + ")")
    String strength;
    @Option(names = "--keep-blocks", defaultValue = "",
            description = "with --init-image: blocks copied from the picture, in generation order, e.g. 0,3 (the default"
                    + " model has 2x2 blocks: 0 top left, 1 top right, 2 bottom left, 3 bottom right); they steer only"
                    + " the blocks after them (default: none)")
    String keepBlocks;
    @Option(names = "--model", description = "model file (default: " + GenerateCommand.DEFAULT_MODEL + "; with --video, "
            + GenerateCommand.DEFAULT_VIDEO_MODEL + ")")
    Path model;
    /** Set by --video: the bundled video model is then the default. */
    private boolean video;
    @Option(names = "--out", required = true, description = "output folder")
    Path out;

    /**
     * The options checked by {@link RequestValidation}: the request, or every refused value. A model that says how
     * it is sampled (a few-step student, {@link RecommendedSampling}) sets --steps, --cfg, --style-strength and
     * --sampler wherever they were left out; a value given on the command line always wins.
     */
    RequestValidation.Result check() {
        Optional<RecommendedSampling> own = recommendedSampling();
        return new RequestText(prompt, style, seed,
                own.filter(r -> !given("--steps") && (preset == null || fastVariant().isPresent()) && schedule == null)
                        .map(r -> Integer.toString(r.steps())).orElse(steps),
                own.filter(r -> !given("--cfg")).map(r -> RequestText.number(r.guidance())).orElse(cfg),
                own.filter(r -> !given("--style-strength")).map(r -> RequestText.number(r.styleStrength()))
                        .orElse(styleStrength),
                own.filter(r -> !given("--sampler")).map(r -> r.sampler().id()).orElse(sampler), count, negativePrompt)
                .withInit(initImage, strength, keepBlocks).check();
    }

    /** The model file's own sampling, if it has one; a file that cannot be read is reported by the model checks. */
    private Optional<RecommendedSampling> recommendedSampling() {
        Path file = modelFile();
        try {
            return Files.isRegularFile(file)
                    ? RecommendedSampling.of(SafetensorsReader.readMetadata(file), "--model " + file)
                    : Optional.empty();
        } catch (ModelFileException e) {
            return Optional.empty();
        }
    }

    private boolean given(String option) {
        return command.commandLine().getParseResult() != null
                && command.commandLine().getParseResult().hasMatchedOption(option);
    }

    /**
     * The checked request, its model and its output folder: a usage error (exit code 2) listing every
     * refused value otherwise. Nothing is loaded or written yet, so a mistake is reported at once.
     * {@code outIsFile}: {@code --out} names a clip file, whose folder must be writable.
     */
    GenerationRequest request(boolean outIsFile) {
        RequestValidation.Result checked = check();
        List<String> problems = new java.util.ArrayList<>(checked.messages());
        problems.addAll(destinationProblems(outIsFile));
        Speed speed = null;
        try {
            speed = speed();
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        if (!problems.isEmpty()) {
            throw refused(problems);
        }
        GenerationRequest request = checked.request().orElseThrow();
        return speed.isDefault() && speed.preset() == null ? request : request.withSpeed(speed);
    }

    /** --preset, --schedule and --step-cache as speed settings; an error naming the option otherwise. */
    Speed speed() {
        boolean stepsGiven = given("--steps");
        double threshold;
        try {
            threshold = Double.parseDouble(stepCache.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--step-cache must be a number such as 0.1 (got \"" + stepCache + "\")");
        }
        if (!(threshold >= 0) || Double.isInfinite(threshold)) {
            throw new IllegalArgumentException("--step-cache must be 0 (off) or a positive relative change such as 0.1"
                    + " (got " + stepCache + ")");
        }
        if (preset != null) {
            if (schedule != null || threshold != 0 || stepsGiven) {
                throw new IllegalArgumentException("--preset sets the steps, the step schedule and step caching: leave out"
                        + " --steps, --schedule and --step-cache, or --preset");
            }
            Preset chosen = Preset.fromId(preset);
            // Fast on a model with a few-step variant renders with the variant at its own steps (see modelFile()).
            return chosen == Preset.FAST && fastVariant().isPresent() ? new Speed(null, 0, chosen) : Speed.of(chosen);
        }
        if (schedule != null && stepsGiven) {
            throw new IllegalArgumentException("--schedule gives every block position its steps: leave out --steps");
        }
        try {
            return new Speed(schedule == null ? null : StepSchedule.parse(schedule), threshold, null);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--schedule: " + e.getMessage());
        }
    }

    /** What is wrong with --model and --out, if anything: the checks every entry point shares. */
    List<String> destinationProblems(boolean outIsFile) {
        List<String> problems = new java.util.ArrayList<>();
        RequestValidation.modelFile(modelFile()).message().ifPresent(problems::add);
        Path folder = outIsFile && out != null && !out.toString().isBlank() && out.toAbsolutePath().getParent() != null
                ? out.toAbsolutePath().getParent() : out;
        RequestValidation.outputFolder(folder).message().ifPresent(m -> problems.add("--out: " + m));
        return problems;
    }

    /** A usage error of the command these options belong to, one message a line. */
    ParameterException refused(List<String> messages) {
        return new ParameterException(command.commandLine(), String.join(System.lineSeparator(), messages));
    }

    /** Makes the bundled video model the default when {@code video} (the command's --video). */
    void forVideo(boolean video) {
        this.video = video;
    }

    /** The model that renders: --model (or the default), or its few-step variant with --preset fast. */
    Path modelFile() {
        return fastVariant().orElseGet(this::chosenModel);
    }

    /** --model, or the bundled default for images or clips. */
    private Path chosenModel() {
        return model != null ? model
                : AppLocation.root().resolve(video ? GenerateCommand.DEFAULT_VIDEO_MODEL : GenerateCommand.DEFAULT_MODEL);
    }

    /** With --preset fast (images), the chosen model's few-step variant when one is installed beside it. */
    private Optional<Path> fastVariant() {
        return !video && preset != null && preset.strip().equalsIgnoreCase(Preset.FAST.id())
                ? FastVariant.of(chosenModel()) : Optional.empty();
    }
}
