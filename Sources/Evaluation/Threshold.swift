/// The threshold of an "unknown class" detector, chosen to keep a share of known-class items.
///
/// The detector flags an item as unknown when its score (for example its highest class
/// similarity) is strictly below the threshold; known-class items should mostly score higher.
public enum Threshold {
  /// The largest threshold that keeps at least `keep` of `knownScores`.
  ///
  /// With the scores sorted ascending, s₀ ≤ s₁ ≤ … ≤ sₙ₋₁, and m = ⌈keep · n⌉ the number that
  /// must be kept, the result is sₙ₋ₘ: the order statistic at zero-based index
  /// ⌊(1 − keep) · n⌋. At most n − m known scores lie below it (fewer when scores tie with it),
  /// so for `keep` = 0.95 and 20 distinct scores exactly the lowest one is flagged.
  /// `keep · n` is rounded to the nearest integer first when it lies within 1e-9 of one, so that
  /// 0.95 · 20 counts as 19 even though 0.95 has no exact binary form.
  ///
  /// - Precondition: `keep` is in (0, 1], `knownScores` is non-empty and every score is finite.
  public static func keeping(_ keep: Double, of knownScores: [Double]) -> Double {
    precondition(keep > 0 && keep <= 1, "keep must be in (0, 1], got \(keep)")
    precondition(!knownScores.isEmpty, "a threshold needs at least one known score")
    precondition(knownScores.allSatisfy(\.isFinite), "known scores must be finite")

    let n = Double(knownScores.count)
    let wanted = keep * n
    let nearest = wanted.rounded()
    let keptCount = Int(abs(wanted - nearest) <= 1e-9 ? nearest : wanted.rounded(.up))
    let sorted = knownScores.sorted()
    return sorted[sorted.count - max(keptCount, 1)]
  }

  /// The share of `scores` strictly below `threshold`, that is, the share flagged as unknown.
  ///
  /// - Precondition: `scores` is non-empty.
  /// - Returns: a value in [0, 1].
  public static func flaggedShare(_ scores: [Double], below threshold: Double) -> Double {
    precondition(!scores.isEmpty, "flaggedShare needs at least one score")
    let flagged = scores.reduce(0) { $0 + ($1 < threshold ? 1 : 0) }
    return Double(flagged) / Double(scores.count)
  }
}
