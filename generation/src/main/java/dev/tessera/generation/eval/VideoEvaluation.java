package dev.tessera.generation.eval;

import dev.tessera.generation.acdit.model.AcditCondition;
import dev.tessera.generation.acdit.model.AcditModel;
import dev.tessera.generation.acdit.sampling.AcditGuidance;
import dev.tessera.generation.acdit.sampling.AcditSampler;
import dev.tessera.generation.acdit.sampling.BlockListener;
import dev.tessera.generation.acdit.sampling.ClipSpan;
import dev.tessera.generation.acdit.sampling.SamplingStart;
import dev.tessera.generation.diffusion.CancellationToken;
import dev.tessera.generation.diffusion.LinearNoiseSchedule;
import dev.tessera.generation.diffusion.SamplerKind;
import dev.tessera.generation.diffusion.SamplingOptions;
import dev.tessera.generation.judge.JudgeModel;
import dev.tessera.generation.judge.JudgeRunner;
import dev.tessera.generation.text.PromptEncoder;
import dev.tessera.generation.video.BackgroundFlicker;
import dev.tessera.generation.video.Motion;
import dev.tessera.generation.video.MotionClassifier;
import dev.tessera.generation.video.MotionClips;
import dev.tessera.generation.video.MotionTracker;
import dev.tessera.generation.video.Sprite;
import dev.tessera.generation.video.SpriteCrop;
import dev.tessera.generation.video.SpriteIdentity;
import dev.tessera.generation.video.SpriteTrack;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Frame-by-frame accuracy of a video model's clips: for each (emoji, motion) pair, one clip of its
 * prompt is generated and tracked; frame f counts as moving right when the motion classified over
 * the window of frames around it ({@link MotionClassifier#perFrame}) is the prompt's; as the right
 * sprite when {@link SpriteIdentity} ranks the prompt's sprite first (top 1) or among the first five
 * (top 5) of every candidate sprite, by pixels; and as the right emoji when the judge, shown the
 * tracked sprite upright on white ({@link SpriteCrop}), puts the prompt's emoji among its first five.
 * Flicker is the mean {@link BackgroundFlicker} from the frame before (NaN at frame 0).
 * Over clips longer than the training length this shows where a long clip drifts. The same measures
 * on the training clips themselves ({@link #measureTruth}) give each one's ceiling.
 */
public final class VideoEvaluation {

    /** Frames the motion of frame f is classified over. */
    public static final int MOTION_WINDOW = 8;

    /** Share of clips right at each frame. */
    public record PerFrame(double[] motion, double[] identityTop1, double[] identityTop5, double[] judgeTop5,
            double[] flicker, int clips) {}

    private VideoEvaluation() {}

    /**
     * @param pairs      the pairs to prompt (e.g. {@code MotionClips.heldOutPairs()}), one clip each
     * @param candidates the sprites identity is ranked among (they must include every pair's sprite)
     */
    public static PerFrame measure(AcditModel model, List<MotionClips.Pair> pairs, List<Sprite> candidates,
            JudgeModel judge, ClipSpan span, int steps, AcditGuidance guidance, long seed,
            CancellationToken cancellation) {
        return measure(model, pairs, candidates, judge, span, steps, guidance, seed, cancellation, null);
    }

    /**
     * As {@link #measure(AcditModel, List, List, JudgeModel, ClipSpan, int, AcditGuidance, long, CancellationToken)},
     * with clip p starting where {@code opening} says for pair p and seed + p (e.g. its first block kept from a
     * still moved along the motion) when that is not null: how far the model carries an emoji it is shown.
     */
    public static PerFrame measure(AcditModel model, List<MotionClips.Pair> pairs, List<Sprite> candidates,
            JudgeModel judge, ClipSpan span, int steps, AcditGuidance guidance, long seed,
            CancellationToken cancellation, Opening opening) {
        AcditSampler sampler = new AcditSampler(model, SamplerKind.DPM_SOLVER_PP_2M.create(LinearNoiseSchedule.ddpm()),
                AcditSampler.ContextMode.KV_CACHE);
        return score(pairs, candidates, judge, span.frames(), model.config().imageSize(), p -> {
            MotionClips.Pair pair = pairs.get(p);
            AcditCondition condition = AcditCondition.of(PromptEncoder.shared().encode(pair.prompt()), pair.style());
            SamplingStart start = opening == null ? SamplingStart.NOISE : opening.start(pair, seed + p);
            return sampler.sample(List.of(condition), List.of(AcditCondition.NONE), new long[] {seed + p}, guidance,
                    SamplingOptions.steps(steps).withCancellation(cancellation), BlockListener.NONE, span, start).get(0);
        });
    }

    /** Where the clip of a pair and seed starts, e.g. with its first block kept from other frames. */
    @FunctionalInterface
    public interface Opening {
        SamplingStart start(MotionClips.Pair pair, long seed);
    }

    /** The same measures on clip {@code variant} of each pair as the training data draws it. */
    public static PerFrame measureTruth(MotionClips clips, List<MotionClips.Pair> pairs, List<Sprite> candidates,
            JudgeModel judge, int variant) {
        return score(pairs, candidates, judge, clips.frames(), clips.imageSize(), p -> clips.clip(pairs.get(p), variant));
    }

    private static PerFrame score(List<MotionClips.Pair> pairs, List<Sprite> candidates, JudgeModel judge, int frames,
            int size, IntFunction<float[]> clipOf) {
        Map<Sprite, Integer> index = new IdentityHashMap<>();
        for (int i = 0; i < candidates.size(); i++) {
            index.putIfAbsent(candidates.get(i), i);
        }
        double coverage = medianCoverage(candidates);
        JudgeRunner runner = new JudgeRunner(judge);
        int judgeSize = judge.config().imageSize();
        double[] motion = new double[frames], top1 = new double[frames], top5 = new double[frames];
        double[] judged = new double[frames], flicker = new double[frames];
        int[] flickerClips = new int[frames];
        for (int p = 0; p < pairs.size(); p++) {
            MotionClips.Pair pair = pairs.get(p);
            Integer truth = index.get(pair.sprite());
            if (truth == null) {
                throw new IllegalArgumentException("the candidates lack the sprite of '" + pair.prompt() + "'");
            }
            float[] clip = clipOf.apply(p);
            List<SpriteTrack> track = MotionTracker.track(clip, frames, size);
            List<Motion> motions = MotionClassifier.perFrame(track, Math.min(MOTION_WINDOW, frames));
            float[] pictures = new float[frames * 3 * judgeSize * judgeSize];
            for (int f = 0; f < frames; f++) {
                motion[f] += motions.get(f) == pair.motion() ? 1 : 0;
                int rank = SpriteIdentity.rank(clip, frames, size, f, track.get(f), candidates, truth);
                top1[f] += rank == 0 ? 1 : 0;
                top5[f] += rank < 5 ? 1 : 0;
                float[] picture = SpriteCrop.of(clip, size, f, track.get(f), coverage, judgeSize);
                System.arraycopy(picture, 0, pictures, f * picture.length, picture.length);
                double change = f == 0 ? Double.NaN : BackgroundFlicker.between(clip, size, f, track.get(f - 1), track.get(f));
                if (!Double.isNaN(change)) {
                    flicker[f] += change;
                    flickerClips[f]++;
                }
            }
            float[][] logits = runner.judge(pictures, frames).identityLogits();
            int emoji = judge.vocabulary().identityOf(pair.item().baseUnified());
            for (int f = 0; f < frames; f++) {
                judged[f] += rankOf(logits[f], emoji) < 5 ? 1 : 0;
            }
        }
        for (int f = 0; f < frames; f++) {
            motion[f] /= pairs.size();
            top1[f] /= pairs.size();
            top5[f] /= pairs.size();
            judged[f] /= pairs.size();
            flicker[f] = flickerClips[f] == 0 ? Double.NaN : flicker[f] / flickerClips[f];
        }
        return new PerFrame(motion, top1, top5, judged, flicker, pairs.size());
    }

    /** How many classes score above {@code truth} (0 = the judge's first choice). */
    private static int rankOf(float[] logits, int truth) {
        int above = 0;
        for (float logit : logits) {
            above += logit > logits[truth] ? 1 : 0;
        }
        return above;
    }

    private static double medianCoverage(List<Sprite> sprites) {
        double[] coverage = sprites.stream().mapToDouble(Sprite::coverage).sorted().toArray();
        return coverage[coverage.length / 2];
    }

    /** The distinct sprites of {@code pairs}, in order of first appearance. */
    public static List<Sprite> sprites(List<MotionClips.Pair> pairs) {
        Map<Sprite, Boolean> seen = new IdentityHashMap<>();
        List<Sprite> sprites = new ArrayList<>();
        for (MotionClips.Pair pair : pairs) {
            if (seen.put(pair.sprite(), true) == null) {
                sprites.add(pair.sprite());
            }
        }
        return sprites;
    }
}
