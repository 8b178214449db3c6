/// SplitMix64 (Steele, Lea and Flood, 2014): a small, fast, seedable generator whose output is
/// the same on every platform and in every process.
///
/// Every random choice of the program draws from one of these (weight initialisation, the demo
/// phantoms, split ranking, pairs, N-way trials), so that a seed fully determines a study.
/// Swift's `SystemRandomNumberGenerator` and `Hasher` are never used for that: both differ
/// between processes.
public struct SplitMix64: RandomNumberGenerator, Sendable {
  private var state: UInt64

  /// Starts the sequence at `seed`.
  public init(seed: UInt64) {
    state = seed
  }

  /// The next 64 pseudo-random bits.
  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// A float uniform on `[lower, upper)`, built from the top 24 bits so every value is exact
  /// and the sequence does not depend on the standard library's sampling algorithm.
  public mutating func nextFloat(in lower: Float, _ upper: Float) -> Float {
    let unit = Float(next() >> 40) * (1.0 / 16_777_216.0)
    return lower + (upper - lower) * unit
  }

  /// A double uniform on `[low, high)`, built from the top 53 bits.
  public mutating func uniform(_ low: Double, _ high: Double) -> Double {
    let unit = Double(next() >> 11) * 0x1p-53
    return low + (high - low) * unit
  }
}
