package dev.tessera.generation.acdit.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.tessera.generation.acdit.model.AcditConfig;
import dev.tessera.generation.acdit.model.AcditFixtures;
import dev.tessera.generation.acdit.model.TinyAcditModelFile;
import dev.tessera.generation.data.EmojiDataset;
import dev.tessera.generation.data.EmojiItem;
import dev.tessera.generation.text.PromptEncoder;
import dev.tessera.generation.train.GroupBalancedBatchSampler;
import dev.tessera.generation.video.MotionClips;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainingExamplesTest {

    @Test
    void anImagesGroupIsItsBaseEmojiAcrossSkinTonesAndStyles() {
        EmojiDataset data = EmojiDataset.loadBundled();
        int[] train = data.trainIndices();
        int[] groups = TrainingExamples.of(data, train, PromptEncoder.shared()).groups();

        Map<String, Integer> groupOfBase = new HashMap<>();
        for (int k = 0; k < train.length; k++) {
            EmojiItem item = data.sample(train[k]).item();
            Integer earlier = groupOfBase.putIfAbsent(item.baseUnified(), groups[k]);
            if (earlier != null) {
                assertEquals(earlier, groups[k], item.unified() + " should share the group of " + item.baseUnified());
            }
        }
        long distinctGroups = Arrays.stream(groups).distinct().count();
        assertEquals(groupOfBase.size(), distinctGroups, "one group per base emoji");
        // Both styles and the skin-tone variants fold into fewer groups than images.
        assertNotEquals(train.length, distinctGroups);
        assertEquals(distinctGroups, new GroupBalancedBatchSampler(1, groups).groupCount());
    }

    @Test
    void aVideoModelTrainsOnMotionClipsAndAnImageModelOnImages() {
        EmojiDataset data = EmojiDataset.loadBundled();
        AcditConfig image = AcditFixtures.tiny(32, 4, 4, PromptEncoder.DIMENSION);
        AcditConfig video = TinyAcditModelFile.videoConfig(4, 32);
        MotionClips clips = new MotionClips(data, 4, 9);

        assertEquals(data.trainIndices().length, TrainingExamples.forModel(image, data, 9).size());
        TrainingExamples forVideo = TrainingExamples.forModel(video, data, 9);
        assertEquals(clips.trainingPairs().size() * TrainingExamples.CLIPS_PER_PAIR, forVideo.size());
    }
}
