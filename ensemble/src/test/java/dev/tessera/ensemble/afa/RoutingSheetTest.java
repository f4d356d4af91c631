package dev.tessera.ensemble.afa;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Heat-map colours and the sheet's cells. */
class RoutingSheetTest {

    @Test
    void equalWeightsAreWhiteAndAnExpertWithEverythingIsItsColour() {
        assertEquals(0xffffff, RoutingColours.ofFirst(0.5f));
        assertEquals(RoutingColours.expert(0), RoutingColours.ofFirst(1f));
        assertEquals(RoutingColours.expert(1), RoutingColours.ofFirst(0f));
        assertEquals(0xffffff, RoutingColours.of(new float[] {1 / 3f, 1 / 3f, 1 / 3f}));
        int mostlyFirst = RoutingColours.ofFirst(0.75f);
        assertEquals(0xff, mostlyFirst >> 16 & 0xff, 0x70, "halfway from white to blue: red falls only part way");
    }

    @Test
    void columnsSpreadFromTheFirstStepToTheLast() {
        assertArrayEquals(new int[] {0, 6, 12, 18, 24}, RoutingSheet.columns(25, 5));
        assertArrayEquals(new int[] {0, 1, 2}, RoutingSheet.columns(3, 5));
        assertArrayEquals(new int[] {4}, RoutingSheet.columns(5, 1));
    }

    @Test
    void eachCellShowsItsPointsMapAtItsStepEnlargedByWholePixels() {
        // Two points (4 px and 2 px), two steps; the first expert's weight differs at every pixel.
        RoutingTrace.Step first = new RoutingTrace.Step(900, List.of(map(4, 0.1f), map(2, 0.9f)));
        RoutingTrace.Step last = new RoutingTrace.Step(10, List.of(map(4, 0.6f), map(2, 0.3f)));
        RoutingTrace trace = new RoutingTrace(List.of("a", "b"), List.of("g", "t"), 1, List.of(first, last));
        BufferedImage cell = RoutingSheet.heatMap(last.maps().get(1), 24);
        RoutingTrace.PointMap map = last.maps().get(1);
        for (int y = 0; y < 24; y++) {
            for (int x = 0; x < 24; x++) {
                assertEquals(RoutingColours.of(map.pixel(0, y / 12, x / 12)), cell.getRGB(x, y) & 0xffffff, x + "," + y);
            }
        }
        BufferedImage sheet = RoutingSheet.draw(trace, new float[3 * 4 * 4], 4, "a title", 5);
        BufferedImage again = RoutingSheet.draw(trace, new float[3 * 4 * 4], 4, "a title", 5);
        assertArrayEquals(sheet.getRGB(0, 0, sheet.getWidth(), sheet.getHeight(), null, 0, sheet.getWidth()),
                again.getRGB(0, 0, sheet.getWidth(), sheet.getHeight(), null, 0, sheet.getWidth()), "deterministic");
    }

    /** One image, two experts, a size×size map whose first expert has {@code base} plus a step per pixel. */
    private static RoutingTrace.PointMap map(int size, float base) {
        float[] w = new float[2 * size * size];
        for (int p = 0; p < size * size; p++) {
            w[p] = Math.min(1, base + 0.02f * p);
            w[size * size + p] = 1 - w[p];
        }
        return new RoutingTrace.PointMap(1, 2, size, w);
    }
}
