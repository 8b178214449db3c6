import Evaluation
import Testing

@Suite struct ThresholdTests {
  @Test func keepingNinetyFivePercentOfTwentyDropsExactlyTheLowest() {
    var generator = SeededGenerator(seed: 7)
    let scores = (1...20).map { Double($0) / 20 }.shuffled(using: &generator)
    let threshold = Threshold.keeping(0.95, of: scores)
    #expect(threshold == 2.0 / 20)
    #expect(Threshold.flaggedShare(scores, below: threshold) == 1.0 / 20)
  }

  // Zero-based order statistic ⌊(1 − keep)·n⌋ of the ascending scores 10, 20, …, 10n.
  @Test(arguments: [
    (1.0, 5, 10.0), (0.8, 5, 20.0), (0.5, 5, 30.0), (0.9, 10, 20.0), (0.95, 100, 60.0),
    (0.01, 3, 30.0),
  ])
  func thresholdIsTheDocumentedOrderStatistic(keep: Double, n: Int, expected: Double) {
    let scores = (1...n).reversed().map { Double($0 * 10) }
    #expect(Threshold.keeping(keep, of: scores) == expected)
  }

  @Test func tiesAtTheThresholdAreKept() {
    let scores = [1.0, 1.0, 2.0, 3.0]
    let threshold = Threshold.keeping(0.75, of: scores)
    #expect(threshold == 1)
    #expect(Threshold.flaggedShare(scores, below: threshold) == 0)
  }

  @Test func flaggedShareCountsOnlyScoresStrictlyBelow() {
    #expect(Threshold.flaggedShare([0.1, 0.2, 0.3, 0.4], below: 0.3) == 0.5)
    #expect(Threshold.flaggedShare([0.1, 0.2], below: 0.05) == 0)
    #expect(Threshold.flaggedShare([0.1, 0.2], below: 1) == 1)
  }
}
