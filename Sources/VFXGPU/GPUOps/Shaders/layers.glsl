// Two layers in the background's frame (Sources/VFXOps/Compositing.swift, LayerFrame):
// binding 0 holds the background and receives the result, binding 2 holds the
// foreground, placed at an offset and transparent black where it does not reach.
// Words: 1 width, 2 foreground width, 3 foreground height, 4 offset x, 5 offset y
// (signed), 6 1 when the images have alpha (in w: both have or neither has).

// The foreground at background pixel `index`, and whether it reaches there.
bool foreground(uint index, out vec4 a) {
    uint width = pu(1u);
    int fx = int(index % width) - pi(4u), fy = int(index / width) - pi(5u);
    a = vec4(0.0);
    if (fx < 0 || fy < 0 || fx >= pi(2u) || fy >= pi(3u)) return false;
    a = src[uint(fy) * pu(2u) + uint(fx)];
    return true;
}
