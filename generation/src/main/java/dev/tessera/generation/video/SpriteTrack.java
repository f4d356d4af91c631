package dev.tessera.generation.video;

/**
 * Where the sprite is in one frame, as {@link MotionTracker} measures it: its centre (pixels,
 * unwrapped: a sprite that crossed an edge has gone on past it, the frame's pixel is this modulo the
 * frame's side), its
 * size (square root of its area, pixels) and its angle (radians, clockwise on screen, accumulated
 * from frame 0, which is 0).
 */
public record SpriteTrack(double x, double y, double size, double angle) {}
