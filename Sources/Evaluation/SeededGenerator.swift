/// A small, fast, seedable random number generator (SplitMix64, Steele, Lea and Flood 2014).
///
/// Every random choice of the study (split ranking aside, which hashes) draws from one of these,
/// seeded from the study seed and a purpose string, so that two runs with the same seed make the
/// same choices and one stage's draws never shift another's.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
  private var state: UInt64

  public init(seed: UInt64) {
    state = seed
  }

  /// A generator for one purpose ("pairs", "nway-test-20", ...) derived from the study seed, so
  /// that adding draws for one purpose does not change the draws of another.
  public init(seed: UInt64, purpose: String) {
    var mixed = seed ^ 0x9E37_79B9_7F4A_7C15
    for byte in purpose.utf8 {
      mixed = (mixed ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
    }
    state = mixed
    _ = next()
  }

  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

extension Array {
  /// A uniformly chosen element; the array must not be empty.
  public func randomMember(using generator: inout SeededGenerator) -> Element {
    precondition(!isEmpty, "randomMember(using:) needs a non-empty array")
    return self[Int.random(in: 0..<count, using: &generator)]
  }
}
