package dev.tessera.generation.eval;

/**
 * What the judge said about one image against its prompt.
 *
 * @param predictedEmoji  name of the judge's top-1 emoji
 * @param identityCorrect the prompted emoji is the top-1 answer
 * @param identityTop5    the prompted emoji is among the top 5
 * @param predictedStyle  the style the judge sees
 * @param styleCorrect    it is the requested style
 */
public record ImageVerdict(EvalPrompt prompt, String predictedEmoji, boolean identityCorrect, boolean identityTop5,
        String predictedStyle, boolean styleCorrect) {}
