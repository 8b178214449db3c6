/// SplitMix64: a small, fast, seedable generator whose output is the same on every platform.
///
/// Used for weight initialisation so that a seed fully determines the initial network.
public struct SplitMix64: RandomNumberGenerator, Sendable {
  private var state: UInt64

  /// Starts the sequence at `seed`.
  public init(seed: UInt64) { state = seed }

  /// The next 64 pseudo-random bits.
  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// A float uniform on `[lower, upper)`, built from the top 24 bits so every value is exact.
  public mutating func nextFloat(in lower: Float, _ upper: Float) -> Float {
    let unit = Float(next() >> 40) * (1.0 / 16_777_216.0)
    return lower + (upper - lower) * unit
  }
}

/// Glorot-uniform values (the Keras default kernel initialiser): uniform on `[-limit, limit)`
/// with `limit = sqrt(6 / (fanIn + fanOut))`.
func glorotUniform(
  count: Int, fanIn: Int, fanOut: Int, generator: inout SplitMix64
) -> [Float] {
  let limit = (6.0 / Float(fanIn + fanOut)).squareRoot()
  return (0..<count).map { _ in generator.nextFloat(in: -limit, limit) }
}
