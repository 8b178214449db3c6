/// Receiver operating characteristic of a score where higher means "more likely positive".
///
/// Every distinct score value is used as a threshold: an item is called positive when its score
/// is `>=` the threshold. The curve starts at (0, 0) (threshold above every score), adds one point
/// per distinct score from the highest to the lowest, and so ends at (1, 1).
///
/// Tied scores move both rates in one step, so a tie between a positive and a negative becomes a
/// diagonal segment. The trapezoid area under these points therefore equals the Mann–Whitney
/// statistic U / (nPositive · nNegative), where a positive–negative tie counts 1/2: the
/// probability that a random positive outscores a random negative. The area is accumulated in
/// integer counts and divided once, so it is exact up to that one rounding.
public struct ROCCurve: Sendable, Codable, Equatable {
  /// False-positive rate at each point, non-decreasing from 0 to 1.
  public let falsePositiveRates: [Double]
  /// True-positive rate at each point, non-decreasing from 0 to 1.
  public let truePositiveRates: [Double]
  /// Area under the curve (trapezoid rule), in [0, 1]; 0.5 for a score that carries no signal.
  public let auroc: Double

  /// Builds the curve from the scores of the positive and of the negative items.
  ///
  /// - Precondition: both lists are non-empty and every score is finite (a NaN has no place in
  ///   the ordering, so it is a caller's bug).
  /// - Complexity: O(n log n) for n scores in all.
  public init(positiveScores: [Double], negativeScores: [Double]) {
    precondition(!positiveScores.isEmpty, "ROCCurve needs at least one positive score")
    precondition(!negativeScores.isEmpty, "ROCCurve needs at least one negative score")
    precondition(
      positiveScores.allSatisfy(\.isFinite) && negativeScores.allSatisfy(\.isFinite),
      "ROCCurve needs finite scores")

    // The flag sorts positives before negatives among equal scores only for determinism; the
    // grouping below consumes a whole run of equal scores at once, so the order inside a run
    // does not change the curve.
    let labelled =
      positiveScores.map { (score: $0, isPositive: true) }
      + negativeScores.map { (score: $0, isPositive: false) }
    let sorted = labelled.sorted {
      $0.score != $1.score ? $0.score > $1.score : ($0.isPositive && !$1.isPositive)
    }

    let positiveCount = positiveScores.count
    let negativeCount = negativeScores.count
    var falsePositiveRates = [0.0]
    var truePositiveRates = [0.0]
    var truePositives = 0
    var falsePositives = 0
    // Twice the area in units of one positive times one negative, kept as an integer.
    var doubledArea = 0

    var start = 0
    while start < sorted.count {
      var end = start
      var runPositives = 0
      var runNegatives = 0
      while end < sorted.count && sorted[end].score == sorted[start].score {
        if sorted[end].isPositive { runPositives += 1 } else { runNegatives += 1 }
        end += 1
      }
      doubledArea += runNegatives * (2 * truePositives + runPositives)
      truePositives += runPositives
      falsePositives += runNegatives
      truePositiveRates.append(Double(truePositives) / Double(positiveCount))
      falsePositiveRates.append(Double(falsePositives) / Double(negativeCount))
      start = end
    }

    self.falsePositiveRates = falsePositiveRates
    self.truePositiveRates = truePositiveRates
    self.auroc = Double(doubledArea) / (2 * Double(positiveCount) * Double(negativeCount))
  }
}
