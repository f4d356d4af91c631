package dev.tessera.app.video;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tessera.app.generate.Recipe;
import java.util.Objects;

/**
 * Everything needed to render one clip again: the recipe of its frames (prompt, style, seed, steps,
 * guidance, sampler, model, frame size, place in the batch) and the clip settings, with the window
 * resolved to the frames the model used. Stored as JSON in the GIF's comment and beside PNG frames.
 *
 * @param still the recipe of the image model's still the clip opened with ({@link ClipSettings#still}): its own
 *              prompt (the emoji, without the motion), model, hash and sampling; absent (null) for a clip the video
 *              model made alone, and in version 1 recipes
 */
public record ClipRecipe(int version, Recipe frame, int frames, int window, double fps,
        @JsonInclude(JsonInclude.Include.NON_NULL) Recipe still) {

    /** 2 added the still opening. */
    public static final int VERSION = 2;
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public ClipRecipe {
        Objects.requireNonNull(frame, "frame");
        new ClipSettings(frames, window, fps); // validates
    }

    /** Without a still: what version 1 recipes hold. */
    public ClipRecipe(int version, Recipe frame, int frames, int window, double fps) {
        this(version, frame, frames, window, fps, null);
    }

    public ClipSettings settings() {
        return new ClipSettings(frames, window, fps, still != null);
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
            if (recipe.version() < 1 || recipe.version() > VERSION) {
                throw new IllegalArgumentException("clip recipe version " + recipe.version() + " is not supported");
            }
            return recipe;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a Tessera clip recipe: " + e.getOriginalMessage(), e);
        }
    }
}
