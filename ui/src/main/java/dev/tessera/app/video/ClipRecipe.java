package dev.tessera.app.video;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tessera.app.generate.Recipe;
import java.util.Objects;

/**
 * Everything needed to render one clip again: the recipe of its frames (prompt, style, seed, steps,
 * guidance, sampler, model, frame size, place in the batch) and the clip settings, with the window
 * resolved to the frames the model used. Stored as JSON in the GIF's comment and beside PNG frames.
 */
public record ClipRecipe(int version, Recipe frame, int frames, int window, double fps) {

    public static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public ClipRecipe {
        Objects.requireNonNull(frame, "frame");
        new ClipSettings(frames, window, fps); // validates
    }

    public ClipSettings settings() {
        return new ClipSettings(frames, window, fps);
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ClipRecipe fromJson(String json) {
        try {
            ClipRecipe recipe = JSON.readValue(json, ClipRecipe.class);
            if (recipe.version() != VERSION) {
                throw new IllegalArgumentException("clip recipe version " + recipe.version() + " is not supported");
            }
            return recipe;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a Tessera clip recipe: " + e.getOriginalMessage(), e);
        }
    }
}
