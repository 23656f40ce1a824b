"""Accuracy of the CPU's vectorized pow (fast_pow: the CDL power, contrast, the gamma and
power transfer curves), through the CDL, against float64 numpy.power.

Sweep: every 2039th float32 bit pattern from the smallest denormal to the largest finite
value (about a million inputs, all exponents, denormals included), plus the floats next
to 1 (where log2 x nearly cancels), for powers 0.1 ... 10.

Bound: relative error at most 7e-8 + 4e-8 * p where the exact result is a normal float
(measured: 1.5e-7 at p = 2.4 and 3, 2.9e-7 at 7.5, 4.0e-7 at 10; issue 14 allows 2.3e-7
up to p = 3, where the bound is 1.9e-7). Where it comes from: the result is
2^(p * log2 x), so an absolute error d in the exponent is a relative error ln2 * d.
- log2 (32-entry table on m's top 5 mantissa bits, degree-3 polynomial): each table
  entry log2(c_i) is below 0.5 in magnitude, so rounded within 2^-26 = 1.5e-8; the
  polynomial is within 5.4e-9 (minimax, evaluated in float); l = entry + u * P(u) rounds
  once more (2^-26, or 2^-25 for m in [1.40625, sqrt 2) where |l| > 0.5); the product
  p * l rounds within 2^-24 * 0.51 p. Every one of these scales with p: at most about
  8e-8 * p in the exponent if all line up (5.6e-8 * p relative), 3-4e-8 * p as they
  combine over the sweep: that is the 4e-8 * p.
- exp2 (2^(j/16) as a float plus its rounding error, degree-3 polynomial on |f| <=
  1/32): one rounding of the result's significand (2^-24 = 6e-8), the polynomial
  (1.6e-9) and f's rounding (about 1e-9 relative): the 7e-8.
Half float's relative step is 4.9e-4, so none of this is visible in half images; in float
images it is about one float step (6e-8 to 1.2e-7). A wrong polynomial coefficient or
table entry (in any digit that matters in float) breaks the bound. Denormal results:
within one denormal step (2^-149) plus the bound. Exact results past the float range give
+inf; below half the smallest denormal, 0 (exp2 saturates through its clamps on y and f,
with no select of its own, and the sweep's large powers reach both clamps).
"""

import numpy as np
import pytest

import vfxpy

FLT_MAX = float(np.finfo(np.float32).max)
SMALLEST_NORMAL = float(np.finfo(np.float32).tiny)
DENORMAL_STEP = 2.0 ** -149


def bound(p):
    return 7e-8 + 4e-8 * p


def sweep():
    finite = np.arange(1, 0x7F800000, 2039, dtype=np.uint32).view(np.float32)
    near_one = (1.0 + np.arange(-4096, 4096) * 2.0 ** -24).astype(np.float32)
    return np.concatenate([finite, near_one, np.float32([1.0, 2.0, 0.5, FLT_MAX])])


def cdl_power(values, powers):
    """values ** powers[c] in channel c, through the CPU backend's CDL (slope 1, offset 0)."""
    data = np.zeros((1, values.size, 4), np.float32)
    data[0, :, :3] = values[:, None]
    data[0, :, 3] = 0.25
    img = vfxpy.Image(data)
    vfxpy.Processor(backend="cpu").cdl(img, slope=(1, 1, 1), offset=(0, 0, 0), power=powers, style="no_clamp")
    out = img.numpy()[0]
    assert np.all(out[:, 3] == np.float32(0.25)), "alpha changed"
    return out[:, :3]


@pytest.mark.parametrize("powers", [(0.1, 0.4545, 0.8), (1 / 2.4, 1.2, 2.2), (2.4, 3.0, 4.0), (7.5, 10.0, 1.5)])
def test_pow_within_bound_of_float64(powers):
    x = sweep()
    out = cdl_power(x, powers)
    for c, p in enumerate(powers):
        p32 = np.float64(np.float32(p))
        with np.errstate(over="ignore"):
            exact = np.power(x.astype(np.float64), p32)
        got = out[:, c].astype(np.float64)
        normal = (exact >= SMALLEST_NORMAL) & (exact <= FLT_MAX)
        rel = np.abs(got[normal] - exact[normal]) / exact[normal]
        worst = rel.max()
        assert worst <= bound(p), (f"p={p}: worst relative error {worst:.3g} at x={x[normal][rel.argmax()]!r} "
                                   f"(bound {bound(p):.3g})")
        denormal = (exact < SMALLEST_NORMAL) & (exact >= DENORMAL_STEP / 2)
        if denormal.any():
            err = np.abs(got[denormal] - exact[denormal])
            assert np.all(err <= DENORMAL_STEP + bound(p) * exact[denormal]), f"p={p}: denormal result off"
        assert np.all(got[exact > FLT_MAX * (1 + 2.0 ** -23)] == np.inf), f"p={p}: overflow is not +inf"
        assert np.all(got[exact < DENORMAL_STEP / 4] == 0.0), f"p={p}: underflow is not 0"


def test_pow_exact_points_and_pass_through():
    specials = np.float32([0.0, -0.0, -1.0, -1e-40, -np.inf, np.nan, np.inf, 1.0, 4.0, 0.25, 2.0 ** -148])
    out = cdl_power(specials, (0.5, 2.0, 3.0))
    bits = out.view(np.uint32)
    # zero, negatives and NaN come back unchanged (the CDL's v > 0 ? v^p : v; -0 is
    # already +0 after the offset's -0 + 0)
    assert np.all(out[1] == 0.0)
    for i in (0, 2, 3, 4, 5):
        assert np.all(bits[i] == specials[i:i + 1].view(np.uint32)), f"input {specials[i]!r} changed: {out[i]}"
    assert np.all(out[6] == np.inf)
    assert np.all(out[7] == 1.0), "1^p must be exactly 1"
    # powers of two to small integer and half powers are exact in float
    assert out[8].tolist() == [2.0, 16.0, 64.0]
    assert out[9].tolist() == [0.5, 0.0625, 0.015625]
    assert out[10].tolist() == [2.0 ** -74, 0.0, 0.0]
