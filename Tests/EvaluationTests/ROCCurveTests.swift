import Evaluation
import Testing

@Suite struct ROCCurveTests {
  @Test func perfectSeparationHasAreaOne() {
    let curve = ROCCurve(positiveScores: [0.9, 0.8, 0.7], negativeScores: [0.1, 0.2])
    #expect(curve.auroc == 1)
    #expect(curve.falsePositiveRates == [0, 0, 0, 0, 0.5, 1])
    #expect(curve.truePositiveRates == [0, 1.0 / 3, 2.0 / 3, 1, 1, 1])
  }

  @Test func reversedSeparationHasAreaZero() {
    let curve = ROCCurve(positiveScores: [0.1, 0.2], negativeScores: [0.9, 0.8, 0.7])
    #expect(curve.auroc == 0)
  }

  @Test func allTiedScoresGiveOneDiagonalStep() {
    let curve = ROCCurve(positiveScores: [0.4, 0.4, 0.4], negativeScores: [0.4, 0.4])
    #expect(curve.auroc == 0.5)
    #expect(curve.falsePositiveRates == [0, 1])
    #expect(curve.truePositiveRates == [0, 1])
  }

  // Positives 3, 2, 2 and negatives 2, 1: of the six pairs, four are won outright and two are
  // ties (2 against 2), so U = 4 + 2·½ = 5 and AUROC = 5/6. The thresholds 3, 2, 1 give the
  // points (0, ⅓), (½, 1), (1, 1) after (0, 0); the trapezoids are 0 + ⅓ + ½ = 5/6.
  @Test func smallCaseWithTiesMatchesHandComputation() {
    let curve = ROCCurve(positiveScores: [2, 3, 2], negativeScores: [1, 2])
    #expect(curve.falsePositiveRates == [0, 0, 0.5, 1])
    #expect(curve.truePositiveRates == [0, 1.0 / 3, 1, 1])
    #expect(abs(curve.auroc - 5.0 / 6) < 1e-15)
  }

  @Test func areaEqualsMannWhitneyStatisticOnRandomScores() {
    var generator = SeededGenerator(seed: 42, purpose: "roc-test")
    for round in 0..<20 {
      let positiveCount = Int.random(in: 1...40, using: &generator)
      let negativeCount = Int.random(in: 1...40, using: &generator)
      // Few distinct values so that ties are common.
      let levels = round % 2 == 0 ? 6 : 1_000
      let positives = (0..<positiveCount).map { _ in
        Double(Int.random(in: 0..<levels, using: &generator) + 1) / Double(levels)
      }
      let negatives = (0..<negativeCount).map { _ in
        Double(Int.random(in: 0..<levels, using: &generator)) / Double(levels)
      }

      var doubledU = 0
      for p in positives {
        for q in negatives { doubledU += p > q ? 2 : (p == q ? 1 : 0) }
      }
      let mannWhitney = Double(doubledU) / (2 * Double(positiveCount * negativeCount))

      let curve = ROCCurve(positiveScores: positives, negativeScores: negatives)
      #expect(curve.auroc == mannWhitney, "round \(round)")
      #expect(curve.falsePositiveRates.first == 0 && curve.falsePositiveRates.last == 1)
      #expect(curve.truePositiveRates.first == 0 && curve.truePositiveRates.last == 1)
      #expect(zip(curve.falsePositiveRates, curve.falsePositiveRates.dropFirst()).allSatisfy(<=))
      #expect(zip(curve.truePositiveRates, curve.truePositiveRates.dropFirst()).allSatisfy(<=))
      let distinct = Set(positives + negatives).count
      #expect(curve.falsePositiveRates.count == distinct + 1)
    }
  }

  @Test func orderOfInputDoesNotChangeTheCurve() {
    let a = ROCCurve(positiveScores: [0.3, 0.9, 0.5, 0.5], negativeScores: [0.5, 0.1, 0.7])
    let b = ROCCurve(positiveScores: [0.5, 0.5, 0.9, 0.3], negativeScores: [0.7, 0.5, 0.1])
    #expect(a == b)
  }
}
