package dev.tessera.generation.acdit.model;

import dev.tessera.generation.data.EmojiStyle;
import dev.tessera.generation.text.PromptEmbedding;
import java.util.Objects;

/**
 * What one image is conditioned on: a prompt and a style, or nothing (the learned null condition,
 * used for the unconditional guidance branch and for condition dropout in training).
 */
public sealed interface AcditCondition {

    record Prompted(PromptEmbedding prompt, EmojiStyle style) implements AcditCondition {
        public Prompted {
            Objects.requireNonNull(prompt, "prompt");
            Objects.requireNonNull(style, "style");
        }
    }

    record Unconditional() implements AcditCondition {}

    AcditCondition NONE = new Unconditional();

    /**
     * The same prompt in the first of {@code styles} that is not this condition's style (for style-contrast
     * guidance); the null condition stays itself, so it gets no push.
     */
    default AcditCondition inOtherStyle(java.util.List<EmojiStyle> styles) {
        return this instanceof Prompted p
                ? new Prompted(p.prompt(), styles.stream().filter(s -> s != p.style()).findFirst().orElseThrow())
                : this;
    }

    /** The prompted condition, or the null one for the empty (unconditional) prompt. */
    static AcditCondition of(PromptEmbedding prompt, EmojiStyle style) {
        return prompt.isUnconditional() ? NONE : new Prompted(prompt, style);
    }
}
