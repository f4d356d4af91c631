package dev.tessera.generation.eval;

import dev.tessera.generation.data.EmojiDataset;
import dev.tessera.generation.data.EmojiItem;
import dev.tessera.generation.data.EmojiSplit;
import dev.tessera.generation.data.EmojiStyle;
import dev.tessera.generation.text.PromptText;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Maps prompt texts to the emoji they name ("grinning face", "grinning", "waving hand: medium skin
 * tone" …), so a prompts file can be checked against what the data set knows.
 */
public final class PromptCatalogue {

    private final Map<String, EmojiItem> byPrompt = new HashMap<>();
    private final Map<String, String> categoryOfSubcategory = new HashMap<>();

    public PromptCatalogue(EmojiDataset data) {
        for (int i = 0; i < data.size(); i++) {
            EmojiItem item = data.sample(i).item();
            categoryOfSubcategory.putIfAbsent(item.subcategory(), item.category());
            for (String text : item.promptTexts()) {
                byPrompt.putIfAbsent(text, item);
            }
        }
    }

    public Optional<EmojiItem> find(String prompt) {
        return Optional.ofNullable(byPrompt.get(PromptText.normalise(prompt).toLowerCase(java.util.Locale.ROOT)));
    }

    /** The category ("Animals & Nature", …) of a subcategory ("animal-mammal", …), or an error that names it. */
    public String categoryOf(String subcategory) {
        String category = categoryOfSubcategory.get(subcategory);
        if (category == null) {
            throw new IllegalArgumentException("the subcategory '" + subcategory + "' is not in the data set");
        }
        return category;
    }

    /** The evaluation target of a prompt, or an error that names it. */
    public EvalPrompt target(String prompt, EmojiStyle style, long seed) {
        EmojiItem item = find(prompt).orElseThrow(() -> new IllegalArgumentException(
                "the prompt '" + prompt + "' is not an emoji name or short name the data set knows"));
        return new EvalPrompt(prompt, style, item.baseUnified(), item.subcategory(), !EmojiSplit.isValidation(item), seed);
    }
}
