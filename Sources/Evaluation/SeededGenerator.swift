import Randomness

/// The study's random generator: SplitMix64 seeded from the study seed and a purpose string.
///
/// Every random choice of the study (split ranking, pairs, N-way trials, tie breaks) draws from
/// its own purpose's generator, so two runs with the same seed make the same choices and one
/// stage's draws never shift another's.
public typealias SeededGenerator = SplitMix64

extension SplitMix64 {
  /// A generator for one purpose ("pairs", "nway:test:20", ...) derived from the study seed:
  /// the seed, mixed with the purpose's UTF-8 bytes by FNV-1a steps, starts the sequence, and
  /// its first output is dropped.
  public init(seed: UInt64, purpose: String) {
    var mixed = seed ^ 0x9E37_79B9_7F4A_7C15
    for byte in purpose.utf8 {
      mixed = (mixed ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
    }
    self.init(seed: mixed)
    _ = next()
  }
}

extension Array {
  /// A uniformly chosen element; the array must not be empty.
  public func randomMember(using generator: inout SeededGenerator) -> Element {
    precondition(!isEmpty, "randomMember(using:) needs a non-empty array")
    return self[Int.random(in: 0..<count, using: &generator)]
  }
}
