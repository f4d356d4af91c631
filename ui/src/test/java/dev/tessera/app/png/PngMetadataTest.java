package dev.tessera.app.png;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class PngMetadataTest {

    /** A string as AUTOMATIC1111 writes it, taken from its documented form. */
    private static final String A1111 = "a cat face, smiling\nNegative prompt: blurry\n"
            + "Steps: 20, Sampler: DPM++ 2M Karras, CFG scale: 7, Seed: 1234, Size: 512x512, Model hash: 6ce0161689, "
            + "Model: v1-5-pruned-emaonly, Version: v1.6.0";

    @Test
    void parsesA1111Text() {
        A1111Parameters p = A1111Parameters.parse(A1111).orElseThrow();
        assertEquals("a cat face, smiling", p.prompt());
        assertEquals("blurry", p.negativePrompt());
        assertEquals("20", p.setting("steps").orElseThrow());
        assertEquals("DPM++ 2M Karras", p.setting("Sampler").orElseThrow());
        assertEquals("7", p.setting("CFG scale").orElseThrow());
        assertEquals("1234", p.setting("Seed").orElseThrow());
        assertEquals("6ce0161689", p.setting("Model hash").orElseThrow());
        assertEquals("v1.6.0", p.setting("Version").orElseThrow());
    }

    @Test
    void formatThenParseIsTheIdentityEvenWithAwkwardValues() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("Steps", "25");
        settings.put("Sampler", "DPM++ 2M");
        settings.put("Style", "twitter, \"odd\": value");
        A1111Parameters original = new A1111Parameters("multi\nline prompt", "", settings);
        assertEquals(original, A1111Parameters.parse(original.format()).orElseThrow());
    }

    @Test
    void textWithoutSettingsIsNotA1111() {
        assertTrue(A1111Parameters.parse("just a caption").isEmpty());
        assertTrue(A1111Parameters.parse("").isEmpty());
    }

    @Test
    void pngTextChunksRoundTripLatin1AndUnicode() throws IOException {
        BufferedImage image = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
        image.setRGB(1, 2, 0x123456);
        Map<String, String> texts = new LinkedHashMap<>();
        texts.put("parameters", "åland islands flag\nSteps: 25");
        texts.put("tessera", "{\"prompt\":\"猫の顔 😺\"}");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PngTextChunks.write(image, texts, out);
        byte[] png = out.toByteArray();
        assertEquals(texts, PngTextChunks.read(png));
        BufferedImage back = ImageIO.read(new java.io.ByteArrayInputStream(png));
        assertEquals(0x123456, back.getRGB(1, 2) & 0xffffff);
    }

    @Test
    void nonPngInputIsAClearError() {
        IOException e = assertThrows(IOException.class, () -> PngTextChunks.read(new byte[] {1, 2, 3, 4}));
        assertTrue(e.getMessage().contains("not an image"), e.getMessage());
    }
}
