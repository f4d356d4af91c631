package dev.tessera.generation.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.generation.data.EmojiDataset;
import dev.tessera.generation.data.EmojiStyle;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CategoryBreakdownTest {

    private static ImageVerdict verdict(String subcategory, boolean top5, boolean style) {
        return new ImageVerdict(new EvalPrompt("p", EmojiStyle.GOOGLE, "1F600", subcategory, true, 1),
                "x", false, top5, "google", style);
    }

    @Test
    void countsEachCategoryLargestFirst() {
        Map<String, String> categories = Map.of("face-smiling", "Smileys & Emotion", "face-affection", "Smileys & Emotion",
                "animal-mammal", "Animals & Nature");
        List<CategoryBreakdown.Row> rows = CategoryBreakdown.of(List.of(
                verdict("animal-mammal", false, true),
                verdict("face-smiling", true, true),
                verdict("face-affection", true, false),
                verdict("face-smiling", false, false)), categories::get);

        assertEquals(List.of(new CategoryBreakdown.Row("Smileys & Emotion", 3, 2, 1),
                new CategoryBreakdown.Row("Animals & Nature", 1, 0, 1)), rows);
        String table = ReportMarkdown.categoryTable(rows);
        assertTrue(table.contains("| Smileys & Emotion | 3 | 66.7 % | 33.3 % |"), table);
    }

    @Test
    void theCatalogueKnowsTheDataSetsCategoriesAndNamesAnUnknownSubcategory() {
        PromptCatalogue catalogue = new PromptCatalogue(EmojiDataset.loadBundled());
        assertEquals("Smileys & Emotion", catalogue.categoryOf("face-smiling"));
        assertEquals("People & Body", catalogue.categoryOf("person-activity"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> catalogue.categoryOf("no-such"));
        assertTrue(e.getMessage().contains("'no-such'"), e.getMessage());
    }
}
