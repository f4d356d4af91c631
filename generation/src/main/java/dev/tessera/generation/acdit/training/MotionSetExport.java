package dev.tessera.generation.acdit.training;

import dev.tessera.generation.data.EmojiStyle;
import dev.tessera.generation.modelfile.SafetensorsDType;
import dev.tessera.generation.modelfile.TensorData;
import dev.tessera.generation.text.PromptEncoder;
import dev.tessera.generation.text.PromptText;
import dev.tessera.generation.video.Motion;
import dev.tessera.generation.video.MotionClips;
import dev.tessera.generation.video.Sprite;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a video model's training draws from, as one file for the GPU twin (training/motion.py): the
 * sprites of {@link MotionClips} (U8 premultiplied RGBA), each one's style and base-emoji group,
 * every (sprite, motion) pair with whether it is held out, and every pair's prompt texts with the
 * MiniLM vector this encoder makes (I8 with a scale per row: the 22 k texts at F16 would not leave
 * room in the GPU machine's 64 MiB carry beside the repository). The twin draws paths and renders
 * clips itself, on the device: the clips would be 48 KB each, the sprites are 1 KB.
 */
public final class MotionSetExport {

    public static final String FORMAT = "tessera-motion-set-2";

    private MotionSetExport() {}

    /** What was written. */
    public record Summary(int sprites, int pairs, int heldOutPairs, int promptTexts, long bytes) {}

    /** Writes every pair of {@code clips} (training and held out) atomically; encodes each distinct text once. */
    public static Summary write(Path file, MotionClips clips, PromptEncoder encoder) throws IOException {
        List<MotionClips.Pair> pairs = new ArrayList<>(clips.trainingPairs());
        int training = pairs.size();
        pairs.addAll(clips.heldOutPairs());
        Map<Sprite, Integer> spriteIds = new IdentityHashMap<>();
        List<Sprite> sprites = new ArrayList<>();
        List<Integer> spriteStyle = new ArrayList<>();
        List<Integer> spriteGroup = new ArrayList<>();
        Map<String, Integer> groupOfBase = new LinkedHashMap<>();
        Map<String, Integer> textIds = new LinkedHashMap<>();
        List<EmojiStyle> styles = clips.data().styles();
        int[] pairSprite = new int[pairs.size()];
        int[] pairMotion = new int[pairs.size()];
        byte[] heldOut = new byte[pairs.size()];
        int[] offsets = new int[pairs.size() + 1];
        List<Integer> promptIds = new ArrayList<>();
        for (int i = 0; i < pairs.size(); i++) {
            MotionClips.Pair pair = pairs.get(i);
            pairSprite[i] = spriteIds.computeIfAbsent(pair.sprite(), s -> {
                sprites.add(s);
                spriteStyle.add(styles.indexOf(pair.style()));
                spriteGroup.add(groupOfBase.computeIfAbsent(pair.item().baseUnified(), b -> groupOfBase.size()));
                return sprites.size() - 1;
            });
            pairMotion[i] = pair.motion().ordinal();
            heldOut[i] = (byte) (i >= training ? 1 : 0);
            for (String text : pair.promptTexts()) {
                promptIds.add(textIds.computeIfAbsent(PromptText.normalise(text), t -> textIds.size()));
            }
            offsets[i + 1] = promptIds.size();
        }
        int side = sprites.get(0).side();
        byte[] rgba = new byte[sprites.size() * side * side * 4];
        for (int s = 0; s < sprites.size(); s++) {
            System.arraycopy(sprites.get(s).rgba(), 0, rgba, s * side * side * 4, side * side * 4);
        }
        List<TensorData> tensors = new ArrayList<>(List.of(
                TensorData.of("sprites", SafetensorsDType.U8, new long[] {sprites.size(), side, side, 4}, rgba),
                TrainingSetExport.ints("sprite_style", spriteStyle.stream().mapToInt(Integer::intValue).toArray()),
                TrainingSetExport.ints("sprite_group", spriteGroup.stream().mapToInt(Integer::intValue).toArray()),
                TrainingSetExport.ints("pair_sprite", pairSprite), TrainingSetExport.ints("pair_motion", pairMotion),
                TensorData.of("pair_held_out", SafetensorsDType.U8, new long[] {heldOut.length}, heldOut),
                TrainingSetExport.ints("prompt_offsets", offsets),
                TrainingSetExport.ints("prompt_ids", promptIds.stream().mapToInt(Integer::intValue).toArray())));
        tensors.addAll(TrainingSetExport.int8PromptVectors(List.copyOf(textIds.keySet()), encoder));
        Map<String, String> metadata = new TreeMap<>();
        metadata.put("tessera.format", FORMAT);
        metadata.put("tessera.styles", TrainingSetExport.json(styles.stream().map(EmojiStyle::name).toList()));
        metadata.put("tessera.motions", TrainingSetExport.json(Arrays.stream(Motion.values()).map(Motion::name).toList()));
        metadata.put("tessera.image_size", Integer.toString(clips.imageSize()));
        metadata.put("tessera.prompt_texts", TrainingSetExport.json(List.copyOf(textIds.keySet())));
        metadata.put("tessera.encoder", "all-MiniLM-L6-v2 (PromptEncoder), I8 with an F32 scale per row");
        TrainingSetExport.writeGzipped(file, tensors, metadata);
        return new Summary(sprites.size(), pairs.size(), pairs.size() - training, textIds.size(), Files.size(file));
    }
}
