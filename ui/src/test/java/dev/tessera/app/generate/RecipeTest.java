package dev.tessera.app.generate;

import dev.tessera.app.png.A1111Parameters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RecipeTest {

    private static final String VERSION_1 = "{\"version\":1,\"prompt\":\"cat face\",\"style\":\"google\",\"seed\":7,"
            + "\"steps\":25,\"guidance\":1.5,\"sampler\":\"dpm++2m\",\"model\":\"acdit-default\","
            + "\"modelHash\":\"0123456789\",\"width\":32,\"height\":32}";

    @Test
    void aVersionOneRecipeReplaysWithStyleStrengthOff() {
        Recipe recipe = Recipe.fromJson(VERSION_1);
        assertEquals(0.0, recipe.styleStrength());
        assertEquals(Recipe.ALONE, recipe.batch());
        assertEquals(recipe.request(), recipe.batchRequest());
        assertEquals(0.0, recipe.request().styleStrength());
        assertEquals(1.5, recipe.request().guidance());
        assertFalse(recipe.toA1111().format().contains("Style strength"), "off is not written");
    }

    @Test
    void styleStrengthSurvivesJsonAndIsNamedInTheParametersText() {
        Recipe recipe = new Recipe(Recipe.VERSION, "cat face", "twitter", 7, 25, 3, 1.25, "ddim", "m", "0123456789",
                32, 32, new Recipe.Batch(2, 4));
        Recipe back = Recipe.fromJson(recipe.toJson());
        assertEquals(recipe, back);
        assertEquals(1.25, back.request().styleStrength());
        // Replay renders the batch of four that started two seeds earlier and takes its image 2.
        assertEquals(5, back.batchRequest().seed());
        assertEquals(4, back.batchRequest().count());
        assertEquals(7, back.batchRequest().seedOf(2));
        assertTrue(recipe.toA1111().format().contains("CFG scale: 3, Style strength: 1.25, Seed: 7"),
                recipe.toA1111().format());
    }

    @Test
    void anImpossibleBatchIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Recipe.fromJson(VERSION_1.replace("\"version\":1", "\"version\":2,\"batch\":{\"index\":3,\"size\":2}")));
        assertTrue(e.getMessage().contains("batch index 3 of 2"), e.getMessage());
    }

    @Test
    void anUnknownVersionIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Recipe.fromJson(VERSION_1.replace("\"version\":1", "\"version\":9")));
        assertTrue(e.getMessage().contains("version 9"), e.getMessage());
    }

    @Test
    void theNegativePromptRoundTripsThroughJsonAndTheParametersText() {
        Recipe recipe = new Recipe(Recipe.VERSION, "cat face", "google", 7, 25, 4, 1, "dpm++2m", "m", "0123456789",
                32, 32, Recipe.ALONE, "crying face, rain");
        Recipe back = Recipe.fromJson(recipe.toJson());
        assertEquals(recipe, back);
        assertEquals("crying face, rain", back.request().negativePrompt());
        A1111Parameters text = A1111Parameters.parse(recipe.toA1111().format()).orElseThrow();
        assertEquals("crying face, rain", text.negativePrompt());
        assertEquals("cat face", text.prompt());
        // Recipes from before negative prompts read as having none.
        assertEquals("", Recipe.fromJson(VERSION_1).negativePrompt());
    }
}
