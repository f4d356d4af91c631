package dev.tessera.app.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.app.generate.TrainedPrompts.Entry;
import dev.tessera.generation.text.PromptEncoder;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Prompt distance in the real prompt encoder's space, over a few real trained names. */
class PromptNeighboursTest {

    private static final TrainedPrompts NAMES = new TrainedPrompts(List.of(
            new Entry("cat", "Animals & Nature"), new Entry("dog", "Animals & Nature"),
            new Entry("red heart", "Smileys & Emotion"), new Entry("france flag", "Flags"),
            new Entry("slice of pizza", "Food & Drink"), new Entry("rocket", "Travel & Places")));

    private final AtomicInteger encoded = new AtomicInteger();
    private final PromptNeighbours neighbours = new PromptNeighbours(NAMES, text -> {
        encoded.incrementAndGet();
        return PromptEncoder.shared().encode(text).vector();
    });

    @Test
    void aSynonymIsNearItsNameThoughItsLettersAreNot() {
        assertTrue(NAMES.note("kitty").isPresent(), "by its letters 'kitty' is far");
        PromptNeighbours.Neighbour nearest = neighbours.nearest("kitty", 1).get(0);
        assertEquals("cat", nearest.entry().name());
        assertTrue(nearest.cosine() >= PromptNeighbours.FAR, nearest.toString());
        assertTrue(neighbours.note("kitty").isEmpty());
        assertEquals("france flag", neighbours.nearest("flag of france", 1).get(0).entry().name());
    }

    @Test
    void unrelatedTextIsFarAndTheNoteNamesTheNearestThree() {
        String note = neighbours.note("tax return form").orElseThrow();
        assertTrue(note.startsWith("Far from every name this model was trained on; nearest in meaning: "), note);
        assertEquals(3, note.split("\\(0\\.").length - 1, note);
    }

    @Test
    void aTrainedNameIsItsOwnNearestAtCosineOneAndTheNamesAreEncodedOnce() {
        List<PromptNeighbours.Neighbour> nearest = neighbours.nearest("slice of pizza", 6);
        assertEquals("slice of pizza", nearest.get(0).entry().name());
        assertEquals(1.0, nearest.get(0).cosine(), 1e-5);
        assertEquals(6, nearest.size());
        for (int i = 1; i < nearest.size(); i++) {
            assertTrue(nearest.get(i - 1).cosine() >= nearest.get(i).cosine(), nearest.toString());
        }
        neighbours.nearest("rocket", 1);
        assertEquals(6 + 2, encoded.get(), "six names once, then one vector per question");
        assertEquals(List.of(), neighbours.nearest("   ", 3));
        assertTrue(neighbours.note("").isEmpty());
    }
}
