import dev.tessera.generation.data.EmojiDataset;
import dev.tessera.generation.data.EmojiStyle;
import dev.tessera.generation.video.Motion;
import dev.tessera.generation.video.MotionClassifier;
import dev.tessera.generation.video.MotionClips;
import dev.tessera.generation.video.MotionTracker;
import dev.tessera.generation.video.SpriteTrack;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The tracker table of docs/results/video.md: {@code count} training clips of {@code frames} frames
 * (MotionClips seed 1, both styles; pairs drawn by java.util.Random(1), clip i of the i-th pair),
 * whole clips classified, then every frame over the 8-frame window eval video uses. Run by
 * scripts/tracker-table.sh.
 */
public class TrackerTable {
    public static void main(String[] args) {
        int frames = Integer.parseInt(args[0]), count = Integer.parseInt(args[1]);
        int side = args.length > 2 ? Integer.parseInt(args[2]) : 16;
        MotionClips clips = new MotionClips(EmojiDataset.loadBundled(EmojiStyle.GOOGLE, EmojiStyle.TWITTER), frames, 1, side);
        List<MotionClips.Pair> pairs = clips.trainingPairs();
        Random random = new Random(1);
        Map<Motion, int[]> whole = new EnumMap<>(Motion.class), windows = new EnumMap<>(Motion.class);
        Map<Motion, Map<Motion, Integer>> wholeMisses = new EnumMap<>(Motion.class);
        Map<Motion, Map<Motion, Integer>> windowMisses = new EnumMap<>(Motion.class);
        for (int i = 0; i < count; i++) {
            MotionClips.Pair pair = pairs.get(random.nextInt(pairs.size()));
            List<SpriteTrack> track = MotionTracker.track(clips.clip(pair, i), frames, clips.imageSize());
            Motion found = MotionClassifier.classify(track);
            tally(whole, wholeMisses, pair.motion(), found);
            if (found != pair.motion()) {
                System.out.println("miss: " + pair.prompt() + " (" + pair.style() + ", clip " + i + ") read as " + found);
            }
            for (Motion window : MotionClassifier.perFrame(track, Math.min(8, frames))) {
                tally(windows, windowMisses, pair.motion(), window);
            }
        }
        print("whole clips of " + frames + " frames", whole, wholeMisses);
        print("frames over 8-frame windows", windows, windowMisses);
    }

    private static void tally(Map<Motion, int[]> table, Map<Motion, Map<Motion, Integer>> misses, Motion truth,
            Motion found) {
        int[] row = table.computeIfAbsent(truth, k -> new int[2]);
        row[0]++;
        if (found == truth) {
            row[1]++;
        } else {
            misses.computeIfAbsent(truth, k -> new EnumMap<>(Motion.class)).merge(found, 1, Integer::sum);
        }
    }

    private static void print(String title, Map<Motion, int[]> table, Map<Motion, Map<Motion, Integer>> misses) {
        System.out.println("\n" + title + "\n| motion | count | right | read as |\n| --- | ---: | ---: | --- |");
        int all = 0, right = 0;
        for (Map.Entry<Motion, int[]> e : table.entrySet()) {
            all += e.getValue()[0];
            right += e.getValue()[1];
            System.out.printf("| %s | %d | %d | %s |%n", e.getKey().phrase(), e.getValue()[0], e.getValue()[1],
                    misses.getOrDefault(e.getKey(), Map.of()));
        }
        System.out.printf("| all | %d | %d (%.2f %%) | |%n", all, right, 100.0 * right / all);
    }
}
