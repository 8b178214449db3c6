import Evaluation
import Testing

@Suite struct PrototypeAssignmentTests {
  /// Cosine similarity of two 2-D vectors.
  static func cosine(_ a: SIMD2<Double>, _ b: SIMD2<Double>) -> Double {
    (a * b).sum() / (((a * a).sum()).squareRoot() * ((b * b).sum()).squareRoot())
  }

  // Three tight clusters around the directions 0°, 120° and 240°; each query lies near one.
  @Test func assignsEachQueryToItsOwnCluster() {
    let references: [SIMD2<Double>] = [
      [1, 0.05], [1, -0.05], [-0.5, 0.9], [-0.45, 0.85], [-0.5, -0.85], [-0.55, -0.9],
    ]
    let referenceLabels = [0, 0, 1, 1, 2, 2]
    let queries: [SIMD2<Double>] = [[-0.5, -0.8], [0.9, 0.1], [-0.4, 0.9]]

    for rule in AssignmentRule.allCases {
      let assignments = PrototypeAssignment.assign(
        queryCount: queries.count, referenceLabels: referenceLabels, classCount: 3, rule: rule
      ) { Self.cosine(queries[$0], references[$1]) }
      #expect(assignments.map(\.predicted) == [2, 0, 1], "rule \(rule)")
      #expect(assignments.allSatisfy { $0.classScores.count == 3 })
      #expect(assignments.allSatisfy { $0.bestScore == $0.classScores.max() })
    }
  }

  // The query (1, 0) matches one class-0 reference exactly but is opposite the other, so the
  // class-0 similarities are 1 and −1 (mean 0, maximum 1). Both class-1 references are at
  // cosine 0.8 (mean 0.8, maximum 0.8). The mean rule picks class 1, the maximum rule class 0.
  @Test func meanAndMaximumRulesDisagreeOnACraftedCase() {
    let references: [SIMD2<Double>] = [[1, 0], [-1, 0], [0.8, 0.6], [0.8, -0.6]]
    let query: SIMD2<Double> = [1, 0]
    let labels = [0, 0, 1, 1]

    let byMean = PrototypeAssignment.assign(
      queryCount: 1, referenceLabels: labels, classCount: 2, rule: .mean
    ) { Self.cosine(query, references[$1]) }
    let byMaximum = PrototypeAssignment.assign(
      queryCount: 1, referenceLabels: labels, classCount: 2, rule: .maximum
    ) { Self.cosine(query, references[$1]) }

    #expect(byMean[0].predicted == 1)
    #expect(abs(byMean[0].classScores[0] - 0) < 1e-12)
    #expect(abs(byMean[0].classScores[1] - 0.8) < 1e-12)
    #expect(byMaximum[0].predicted == 0)
    #expect(abs(byMaximum[0].classScores[0] - 1) < 1e-12)
    #expect(abs(byMaximum[0].classScores[1] - 0.8) < 1e-12)
  }

  @Test func equalClassScoresGoToTheLowestClassIndex() {
    let assignments = PrototypeAssignment.assign(
      queryCount: 2, referenceLabels: [2, 1, 0], classCount: 3
    ) { query, _ in Double(query) }
    #expect(assignments.map(\.predicted) == [0, 0])
    #expect(assignments[1].classScores == [1, 1, 1])
  }

  @Test func meanIsOverTheClassReferencesOnly() {
    // Similarity is the reference index, so class 0 (references 0, 2, 4) has mean 2 and
    // class 1 (references 1, 3) has mean 2 as well, maximum 4 against 3.
    let assign = { (rule: AssignmentRule) in
      PrototypeAssignment.assign(
        queryCount: 1, referenceLabels: [0, 1, 0, 1, 0], classCount: 2, rule: rule
      ) { _, reference in Double(reference) }[0]
    }
    #expect(assign(.mean).classScores == [2, 2])
    #expect(assign(.maximum).classScores == [4, 3])
  }
}
