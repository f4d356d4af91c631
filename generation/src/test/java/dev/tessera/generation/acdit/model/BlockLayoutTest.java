package dev.tessera.generation.acdit.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BlockLayoutTest {

    @Test
    void visitsBlocksAndTokensInRasterOrder() {
        BlockLayout layout = new BlockLayout(32, 4, 4); // 8×8 tokens, 2×2 blocks of 4×4
        assertEquals(4, layout.blockCount());
        assertEquals(16, layout.tokensPerBlock());
        // first token of block 1 (top-right) sits at row 0, col 4
        assertEquals(0, layout.row(16));
        assertEquals(4, layout.col(16));
        // last token of block 2 (bottom-left) sits at row 7, col 3
        assertEquals(7, layout.row(47));
        assertEquals(3, layout.col(47));
    }

    @Test
    void everyGridPositionAppearsExactlyOnce() {
        BlockLayout layout = new BlockLayout(32, 2, 4);
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < layout.tokenCount(); i++) {
            seen.add(layout.row(i) * layout.grid() + layout.col(i));
        }
        assertEquals(layout.tokenCount(), seen.size());
    }

    @Test
    void rejectsShapesThatDoNotTile() {
        assertThrows(IllegalArgumentException.class, () -> new BlockLayout(32, 3, 1));
        assertThrows(IllegalArgumentException.class, () -> new BlockLayout(32, 4, 3));
    }
}
