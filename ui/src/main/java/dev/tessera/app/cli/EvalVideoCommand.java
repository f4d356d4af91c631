package dev.tessera.app.cli;

import ai.djl.ndarray.NDManager;
import dev.tessera.app.generate.GenerationRequest;
import dev.tessera.app.generate.RequestValidation;
import dev.tessera.generation.acdit.model.AcditModel;
import dev.tessera.generation.acdit.sampling.AcditGuidance;
import dev.tessera.generation.acdit.sampling.ClipSpan;
import dev.tessera.generation.acdit.sampling.SamplingStart;
import dev.tessera.app.video.ClipRendering;
import dev.tessera.generation.acdit.sampling.StillOpening;
import dev.tessera.generation.data.EmojiDataset;
import dev.tessera.generation.data.EmojiStyle;
import dev.tessera.generation.engine.OfflineEngine;
import dev.tessera.generation.eval.VideoEvaluation;
import dev.tessera.generation.io.AtomicFiles;
import dev.tessera.generation.judge.JudgeModel;
import dev.tessera.generation.video.MotionClips;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tessera eval video}: frame-by-frame motion and identity accuracy of a video model's clips,
 * written as a gnuplot data file (frame, motion, identity top 1 and top 5 by sprite, top 5 by the judge,
 * background flicker from the frame before, NaN at frame 0) with a markdown summary; {@code --truth}
 * measures the training clips themselves, each measure's ceiling, at any length (the motions go on:
 * {@code MotionPath}), with or without a model to take the styles from.
 */
@Command(name = "video", mixinStandardHelpOptions = true,
        description = "Frame-by-frame motion and identity accuracy of a video model's clips (docs/video.md).")
final class EvalVideoCommand implements Callable<Integer> {

    @Option(names = "--model", description = "video model file (with --truth: only its styles, else both)") Path model;
    @Option(names = "--frames", defaultValue = "48", description = "frames per clip (default: ${DEFAULT-VALUE})") int frames;
    @Option(names = "--pairs", defaultValue = "held-out", description = "held-out or training (default: ${DEFAULT-VALUE})") String which;
    @Option(names = "--count", defaultValue = "64", description = "clips, one per pair spread over the list (default: ${DEFAULT-VALUE})") int count;
    @Option(names = "--steps", defaultValue = "" + GenerationRequest.DEFAULT_STEPS, description = "steps a block (default: ${DEFAULT-VALUE})") int steps;
    @Option(names = "--cfg", defaultValue = "" + GenerationRequest.DEFAULT_GUIDANCE, description = "guidance scale (default: ${DEFAULT-VALUE})") double cfg;
    @Option(names = "--style-strength", defaultValue = "" + GenerationRequest.DEFAULT_STYLE_STRENGTH, description = "style-contrast guidance (default: ${DEFAULT-VALUE})") double styleStrength;
    @Option(names = "--seed", defaultValue = "0", description = "seed of the first clip (default: ${DEFAULT-VALUE})") long seed;
    @Option(names = "--judge", description = "judge model (default: " + EvalCommand.DEFAULT_JUDGE + ")") Path judge;
    @Option(names = "--opening", description = "how clips start: none (the video model alone), still (the first block"
            + " from the image model's still of the emoji, moved along the motion, as generate --video does) or truth"
            + " (the first block from the pair's own clip) (default: ${DEFAULT-VALUE})") String opening = "none";
    @Option(names = "--image-model", description = "with --opening still: the image model that draws the still"
            + " (default: ${DEFAULT-VALUE})") Path imageModel = Path.of("assets/models/acdit-default.safetensors");
    @Option(names = "--truth", description = "measure the pairs' own clips as the data draws them, not a model's "
            + "(the measures' ceiling, at any length; --model, if given, names the styles)") boolean truth;
    @Option(names = "--sprite-side", defaultValue = "16", description = "texels on a sprite's side, as the model "
            + "trained (data export-motion-set --sprite-side): the truth's clips and the sprites identity ranks among "
            + "(default: ${DEFAULT-VALUE})") int spriteSide;
    @Option(names = "--out", required = true, description = "data file to write (a .md summary goes beside it)") Path out;
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (model == null && !truth) {
            throw new IllegalArgumentException("--model names the video model to measure (only --truth, which measures "
                    + "the training clips themselves, goes without one)");
        }
        CliChecks.of(spec).atLeast("--count", count, 1).between("--cfg", cfg, 0, RequestValidation.MAX_GUIDANCE)
                .between("--style-strength", styleStrength, 0, RequestValidation.MAX_STYLE_STRENGTH).orRefuse();
        return StopOnShutdown.runCancellable(cancellation -> {
            if (!List.of("none", "still", "truth").contains(opening)) {
                throw new IllegalArgumentException("--opening must be none, still or truth, got " + opening);
            }
            if (truth && !opening.equals("none")) {
                throw new IllegalArgumentException("--truth measures the pairs' own clips; --opening is for a model's");
            }
            try (NDManager manager = OfflineEngine.newManager();
                    AcditModel video = model == null ? null : AcditModel.load(model, manager);
                    AcditModel image = opening.equals("still") ? AcditModel.load(imageModel, manager) : null) {
                ClipSpan span = video == null ? null : ClipSpan.of(video.config(), frames).checkFor(video.config());
                if (truth && frames < 1) {
                    throw new IllegalArgumentException("--frames must be at least 1, got " + frames);
                }
                EmojiStyle[] styles = video == null ? EmojiStyle.values()
                        : video.config().styles().toArray(EmojiStyle[]::new);
                // The truth's clips are of the frames asked for (paths go on for ever); a model's pairs only are used.
                MotionClips clips = new MotionClips(EmojiDataset.loadBundled(styles),
                        truth ? frames : video.config().frames(), 0, spriteSide);
                List<MotionClips.Pair> all = switch (which) {
                    case "held-out" -> clips.heldOutPairs();
                    case "training" -> clips.trainingPairs();
                    default -> throw new IllegalArgumentException("--pairs must be held-out or training, got " + which);
                };
                List<MotionClips.Pair> chosen = java.util.stream.IntStream.range(0, Math.min(count, all.size()))
                        .mapToObj(i -> all.get((int) ((long) i * all.size() / Math.min(count, all.size())))).toList();
                AcditGuidance guidance = new AcditGuidance(cfg, styleStrength);
                VideoEvaluation.PerFrame result;
                try (JudgeModel judgeModel = JudgeModel.load(EvalCommand.judgePath(judge), manager)) {
                    result = truth
                            ? VideoEvaluation.measureTruth(clips, chosen, VideoEvaluation.sprites(all), judgeModel, 0)
                            : VideoEvaluation.measure(video, chosen, VideoEvaluation.sprites(all), judgeModel, span,
                                    steps, guidance, seed, cancellation, opening(image, styles, frames, cancellation));
                }
                StringBuilder data = new StringBuilder("# frame motion identity_top1 identity_top5 judge_top5 flicker\n");
                for (int f = 0; f < frames; f++) {
                    data.append(String.format(Locale.ROOT, "%d %.4f %.4f %.4f %.4f %.5f%n", f, result.motion()[f],
                            result.identityTop1()[f], result.identityTop5()[f], result.judgeTop5()[f],
                            result.flicker()[f]));
                }
                AtomicFiles.write(out, data.toString().getBytes(StandardCharsets.UTF_8));
                String sides = spriteSide == 16 ? "" : " --sprite-side " + spriteSide;
                String sampling = cfg == GenerationRequest.DEFAULT_GUIDANCE
                        && styleStrength == GenerationRequest.DEFAULT_STYLE_STRENGTH ? ""
                        : String.format(Locale.ROOT, " --cfg %s --style-strength %s", cfg, styleStrength);
                String command = truth
                        ? String.format(Locale.ROOT, "`./tessera eval video --truth%s --frames %d --pairs %s --count %d%s`",
                                model == null ? "" : " --model " + model.getFileName(), frames, which, count, sides)
                        : String.format(Locale.ROOT, "`./tessera eval video --model %s --frames %d --pairs %s --count %d "
                                + "--steps %d --seed %d%s%s%s`", model.getFileName(), frames, which, count, steps, seed, sides,
                                sampling, opening.equals("none") ? "" : " --opening " + opening);
                // With an opening, its block is copied, not made: the model's own frames are those after it.
                int made = opening.equals("none") ? 0 : video.config().framesPerBlock();
                String clipsOf = truth ? String.format(Locale.ROOT, "%d frames of the training clips themselves (--truth)",
                        frames) : String.format(Locale.ROOT, "%d frames (training length %d) of %s", frames,
                        video.config().frames(), model.getFileName());
                String summary = String.format(Locale.ROOT, "%s: %d clips of %s, %s: motion right "
                        + "%.1f %% of frames, identity top 1 %.1f %%, top 5 %.1f %% (by sprite), judge top 5 %.1f %%, "
                        + "background flicker %.2f levels of 255 a frame (frame-by-frame: %s)%n",
                        command, result.clips(), clipsOf,
                        made == 0 ? "every frame" : "frames " + made + "-" + (frames - 1) + " (after the kept block)",
                        100 * mean(result.motion(), made), 100 * mean(result.identityTop1(), made),
                        100 * mean(result.identityTop5(), made), 100 * mean(result.judgeTop5(), made),
                        255 * mean(result.flicker(), made), out.getFileName());
                AtomicFiles.write(out.resolveSibling(out.getFileName() + ".md"), summary.getBytes(StandardCharsets.UTF_8));
                System.out.print(summary);
                return 0;
            }
        });
    }

    /** The mean of the values from index {@code first} on that are numbers (flicker has none at frame 0). */
    private static double mean(double[] values, int first) {
        return java.util.Arrays.stream(values).skip(first).filter(v -> !Double.isNaN(v)).average().orElse(Double.NaN);
    }

    /** How each clip starts: null for noise (the video model alone). */
    private VideoEvaluation.Opening opening(AcditModel image, EmojiStyle[] styles, int frames,
            dev.tessera.generation.diffusion.CancellationToken cancellation) {
        return switch (opening) {
            case "still" -> {
                StillOpening still = ClipRendering.stillOpening(image).withSpriteSide(spriteSide);
                yield (pair, clipSeed) -> still.start(pair.prompt(), pair.style(), clipSeed, frames, cancellation)
                        .orElseThrow();
            }
            case "truth" -> {
                MotionClips own = new MotionClips(EmojiDataset.loadBundled(styles), frames, 0, spriteSide);
                yield (pair, clipSeed) -> new SamplingStart.FromImage(own.clip(pair, 0), 1.0, List.of(0));
            }
            default -> null;
        };
    }
}
