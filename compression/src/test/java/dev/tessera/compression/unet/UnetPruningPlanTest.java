package dev.tessera.compression.unet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.ensemble.unet.UnetConfig;
import dev.tessera.generation.data.EmojiStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

/** Hierarchical position pruning of a U-Net: the decoder first, the analysis choosing inside the window. */
class UnetPruningPlanTest {

    /** 16×16 images, 16 and 32 channels, one ResBlock a level, attention at 8 px. */
    static final UnetConfig WHOLE = new UnetConfig(16, 16, List.of(1, 2), 1, List.of(8), 4, 2, 8,
            List.of(EmojiStyle.GOOGLE, EmojiStyle.TWITTER));
    private static final long TOTAL = UnetPruning.parameters(WHOLE);

    private static long saved(String part) {
        return TOTAL - UnetPruning.parameters(WHOLE.withRemoved(List.of(part)));
    }

    /** Every removable part with its true parameter saving and the ε-error {@code error} gives it. */
    private static List<UnetContribution> contributions(ToDoubleFunction<String> error) {
        List<UnetContribution> out = new ArrayList<>();
        List<String> parts = WHOLE.removableParts();
        for (int i = 0; i < parts.size(); i++) {
            out.add(new UnetContribution(parts.get(i), i, saved(parts.get(i)), error.applyAsDouble(parts.get(i))));
        }
        return out;
    }

    /** ε-error proportional to the parameters saved (the same cost per parameter) unless {@code cheaper} says otherwise. */
    private static List<UnetContribution> evenExcept(Map<String, Double> perParameter) {
        return contributions(part -> perParameter.getOrDefault(part, 1e-6) * saved(part));
    }

    /** The budget whose target is exactly {@code parameters} (the plan rounds the target up). */
    private static double budget(long parameters) {
        return (parameters - 0.5) / TOTAL;
    }

    @Test
    void theDecoderGoesFirstAndInsideItTheCheapestBlockPerParameter() {
        // The middle is the cheapest of all, but the decoder holds the budget, so the window stops there.
        List<UnetContribution> contributions = evenExcept(Map.of("up.1.res.1", 1e-7, "mid.res1", 1e-9, "mid.res2", 1e-9));
        UnetPruningPlan plan = UnetPruningPlan.toBudget(WHOLE, budget(saved("up.1.res.1")), contributions);
        assertEquals(List.of("up.1.res.1"), plan.removed());
        assertEquals(List.of("decoder"), plan.window());
        assertEquals(TOTAL - saved("up.1.res.1"), plan.parametersAfter());
        assertEquals(WHOLE.withRemoved(List.of("up.1.res.1")), plan.pruned());
    }

    @Test
    void aBudgetBeyondTheDecoderWidensTheWindowToTheMiddleThenTheEncoderFromItsEnd() {
        long decoder = WHOLE.removableParts().stream().filter(p -> p.startsWith("up.")).mapToLong(UnetPruningPlanTest::saved).sum();
        List<UnetContribution> contributions = evenExcept(Map.of("down.0.res.0", 1e-9));
        UnetPruningPlan plan = UnetPruningPlan.toBudget(WHOLE, budget(decoder + 1), contributions);
        assertEquals(List.of("decoder", "middle"), plan.window());
        assertTrue(plan.removed().stream().noneMatch(p -> p.startsWith("down.")), "the cheap first block is outside: " + plan);
        assertTrue(TOTAL - plan.parametersAfter() > decoder, plan.toString());

        long middle = WHOLE.removableParts().stream().filter(p -> p.startsWith("mid.")).mapToLong(UnetPruningPlanTest::saved).sum();
        UnetPruningPlan wider = UnetPruningPlan.toBudget(WHOLE, budget(decoder + middle + 1), contributions);
        assertEquals(List.of("decoder", "middle", "down.1"), wider.window());
    }

    @Test
    void aChosenBlockTheBudgetDoesNotNeedIsPutBack() {
        // The attention is cheapest per parameter, so it goes first, but the ResBlock that must follow is enough alone.
        List<UnetContribution> contributions = evenExcept(Map.of("up.1.attn.1", 1e-8, "up.1.res.0", 1e-7));
        assertTrue(saved("up.1.attn.1") < saved("up.1.res.0"));
        UnetPruningPlan plan = UnetPruningPlan.toBudget(WHOLE, budget(saved("up.1.res.0")), contributions);
        assertEquals(List.of("up.1.res.0"), plan.removed());
    }

    @Test
    void budgetsOutsideTheRangeNothingPrunableAndAPrunedModelAreRefused() {
        List<UnetContribution> contributions = evenExcept(Map.of());
        for (double budget : new double[] {0, -0.1, 0.95, Double.NaN}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> UnetPruningPlan.toBudget(WHOLE, budget, contributions));
            assertTrue(e.getMessage().contains("(0, 0.9]"), e.getMessage());
        }
        // The embeddings, conv_in/conv_out, resampling and skip convolutions stay: no budget of 0.9 fits.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> UnetPruningPlan.toBudget(WHOLE, 0.9, contributions));
        assertTrue(e.getMessage().startsWith("nothing more is prunable"), e.getMessage());
        IllegalArgumentException pruned = assertThrows(IllegalArgumentException.class,
                () -> UnetPruningPlan.toBudget(WHOLE.withRemoved(List.of("mid.attn")), 0.2, contributions));
        assertTrue(pruned.getMessage().contains("already pruned"), pruned.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> UnetPruningPlan.toBudget(WHOLE, 0.2, contributions.subList(0, 3)));
        assertTrue(missing.getMessage().contains("did not measure up.0.res.1"), missing.getMessage());
    }
}
