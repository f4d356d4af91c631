package dev.tessera.generation.eval;

import dev.tessera.generation.random.Shuffles;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.tessera.generation.data.EmojiDataset;
import dev.tessera.generation.data.EmojiItem;
import dev.tessera.generation.data.EmojiSplit;
import dev.tessera.generation.data.EmojiStyle;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The fixed work every model is measured on: every held-out emoji and a seeded sample of seen ones,
 * each in every style, prompted by its name, with a fixed seed. Committed as
 * {@code assets/eval/prompts.json} so all models answer the same questions.
 */
public record EvalPromptSet(List<EvalPrompt> prompts) {

    public static final String RESOURCE = "/eval/prompts.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public EvalPromptSet {
        prompts = List.copyOf(prompts);
        if (prompts.isEmpty()) {
            throw new IllegalArgumentException("an evaluation prompt set needs at least one prompt");
        }
    }

    /**
     * Builds the set: all held-out base emoji plus {@code seenEmoji} seen ones drawn with {@code seed},
     * each once per style of {@code data}. Skin-tone variants are not prompted separately.
     */
    public static EvalPromptSet build(EmojiDataset data, int seenEmoji, long seed) {
        Map<String, EmojiItem> base = new LinkedHashMap<>();
        for (int i = 0; i < data.size(); i++) {
            EmojiItem item = data.sample(i).item();
            if (!item.hasSkinTone()) {
                base.putIfAbsent(item.baseUnified(), item);
            }
        }
        List<EmojiItem> heldOut = new ArrayList<>();
        List<EmojiItem> seen = new ArrayList<>();
        base.values().forEach(item -> (EmojiSplit.isValidation(item) ? heldOut : seen).add(item));
        SplittableRandom random = new SplittableRandom(seed);
        Shuffles.shuffle(seen, random);
        List<EmojiItem> chosen = new ArrayList<>(seen.subList(0, Math.min(seenEmoji, seen.size())));
        chosen.addAll(heldOut);
        List<EvalPrompt> prompts = new ArrayList<>();
        for (EmojiStyle style : data.styles()) {
            for (EmojiItem item : chosen) {
                prompts.add(new EvalPrompt(item.promptTexts().get(0), style, item.baseUnified(), item.subcategory(),
                        !EmojiSplit.isValidation(item), 1000L + prompts.size()));
            }
        }
        return new EvalPromptSet(prompts);
    }

    /** The committed set shipped with the app. */
    public static EvalPromptSet bundled() {
        try (InputStream in = EvalPromptSet.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the evaluation prompt set " + RESOURCE + " is missing from the app");
            }
            return JSON.readValue(in, EvalPromptSet.class);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + RESOURCE + ": " + e.getMessage(), e);
        }
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public long seenCount() {
        return prompts.stream().filter(EvalPrompt::seen).count();
    }
}
