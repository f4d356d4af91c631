package dev.tessera.app.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.app.generate.TrainedPrompts.Entry;
import dev.tessera.generation.data.EmojiDataset;
import dev.tessera.generation.data.EmojiItem;
import dev.tessera.generation.data.EmojiSplit;
import dev.tessera.generation.data.EmojiStyle;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Prompt help over the bundled emoji data's training split. */
class TrainedPromptsTest {

    private static EmojiDataset data;
    private static TrainedPrompts catalogue;

    @BeforeAll
    static void load() {
        data = EmojiDataset.loadBundled(EmojiStyle.GOOGLE);
        catalogue = TrainedPrompts.trainedOn(data);
    }

    private static List<String> names(List<Entry> entries) {
        return entries.stream().map(Entry::name).toList();
    }

    @Test
    void prefixMatchesComeFirstThenWordPrefixesThenSubstrings() {
        List<Entry> cat = catalogue.suggest("  CAT ", 100);
        List<String> names = names(cat);
        assertEquals("cat", names.get(0), names.toString());
        int lastPrefix = -1;
        int firstWord = Integer.MAX_VALUE;
        int lastWord = -1;
        int firstSubstring = Integer.MAX_VALUE;
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            if (name.startsWith("cat")) {
                lastPrefix = i;
            } else if (name.contains(" cat")) {
                firstWord = Math.min(firstWord, i);
                lastWord = i;
            } else {
                assertTrue(name.contains("cat"), name);
                firstSubstring = Math.min(firstSubstring, i);
            }
        }
        assertTrue(lastPrefix < firstWord && lastWord < firstSubstring, names.toString());
        assertTrue(names.contains("cat face") && names.contains("black cat"), names.toString());
        assertTrue(firstSubstring < Integer.MAX_VALUE, "e.g. 'identification card': " + names);

        List<String> catF = names(catalogue.suggest("cat f", 10));
        assertEquals(List.of("cat face", "cat face with wry smile", "cat face with tears of joy"), catF.subList(0, 3));
        assertEquals("weary cat face", catF.get(3), "then a word of the name starts with it: " + catF);
        assertTrue(catF.stream().allMatch(n -> n.contains("cat f")), catF.toString());
    }

    @Test
    void eachSuggestionCarriesItsCategoryAndTheLimitHolds() {
        assertEquals(new Entry("cat face", "Animals & Nature"), catalogue.suggest("cat f", 1).get(0));
        assertEquals("Smileys & Emotion", catalogue.suggest("grinning face", 1).get(0).category());
        assertEquals(3, catalogue.suggest("face", 3).size());
        assertEquals(List.of(), catalogue.suggest("face", 0));
        assertEquals(List.of(), catalogue.suggest("   ", 5));
    }

    @Test
    void offersOnlyTheTrainingSideOfTheSplitAndNoSkinTones() {
        Set<String> trained = data.samples().stream().map(s -> s.item())
                .filter(item -> !EmojiSplit.isValidation(item) && !item.hasSkinTone())
                .flatMap(item -> item.promptTexts().stream()).collect(Collectors.toSet());
        List<EmojiItem> heldOut = data.samples().stream().map(s -> s.item())
                .filter(EmojiSplit::isValidation).toList();
        assertFalse(heldOut.isEmpty());
        int checked = 0;
        for (EmojiItem item : heldOut) {
            for (String name : item.promptTexts()) {
                if (!trained.contains(name)) { // a short name shared with a trained emoji stays
                    assertFalse(catalogue.contains(name), name);
                    assertTrue(catalogue.suggest(name, 50).stream().noneMatch(e -> e.name().equals(name)), name);
                    checked++;
                }
            }
        }
        assertTrue(checked > 0);
        assertEquals(trained, catalogue.entries().stream().map(Entry::name).collect(Collectors.toSet()));
        assertTrue(catalogue.entries().stream().noneMatch(e -> e.name().contains("skin tone")));
    }

    @Test
    void aNoteOnlyWhenThePromptIsFarFromEveryName() {
        assertEquals(Optional.empty(), catalogue.note("cat face"));
        assertEquals(Optional.empty(), catalogue.note("cat f"), "still typing a name");
        assertEquals(Optional.empty(), catalogue.note("face"), "the start of a word of a name");
        assertEquals(Optional.empty(), catalogue.note("cat fase"), "a typo");
        assertEquals(Optional.empty(), catalogue.note(""));
        String note = catalogue.note("a cat wearing a top hat").orElseThrow();
        assertTrue(note.startsWith("Not a name this model was trained on; closest: "), note);
        assertEquals(3, note.substring(note.indexOf(": ") + 2).split(", ").length, note);
        assertEquals(Optional.empty(), new TrainedPrompts(List.of()).note("anything"), "no data, no claim");
    }

    @Test
    void theBundledCatalogueIsReadOnce() {
        assertTrue(TrainedPrompts.bundled() == TrainedPrompts.bundled());
        assertTrue(TrainedPrompts.bundled().contains("cat face"));
    }
}
