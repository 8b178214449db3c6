import Foundation

/// A binomial proportion with its Wilson score interval.
///
/// The Wilson interval stays inside [0, 1] and keeps close to its nominal coverage for small
/// counts and for proportions near 0 or 1, where the normal ("Wald") interval fails.
public struct ProportionEstimate: Codable, Sendable, Equatable {
  public let successes: Int
  public let trials: Int

  public init(successes: Int, trials: Int) {
    precondition(trials > 0, "a proportion needs at least one trial, got \(trials)")
    precondition((0...trials).contains(successes), "successes \(successes) not in 0...\(trials)")
    self.successes = successes
    self.trials = trials
  }

  public var proportion: Double { Double(successes) / Double(trials) }

  /// Wilson score interval for confidence level given by `z` (1.959964 for 95 %):
  /// centre (p + z²/2n) / (1 + z²/n), half-width z·sqrt(p(1−p)/n + z²/4n²) / (1 + z²/n).
  public func wilsonInterval(z: Double = 1.959_963_984_540_054) -> (lower: Double, upper: Double) {
    let n = Double(trials)
    let p = proportion
    let z2 = z * z
    let denominator = 1 + z2 / n
    let centre = (p + z2 / (2 * n)) / denominator
    let halfWidth = z * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot() / denominator
    return (max(0, centre - halfWidth), min(1, centre + halfWidth))
  }
}
