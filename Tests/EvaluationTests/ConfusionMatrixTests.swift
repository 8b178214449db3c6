import Evaluation
import Foundation
import Testing

@Suite struct ConfusionMatrixTests {
  // Class 3 never occurs and is never predicted.
  let matrix = ConfusionMatrix(
    trueLabels: [0, 0, 1, 1, 2, 2, 2], predicted: [0, 1, 1, 1, 2, 0, 2], classCount: 4)

  @Test func countsAreIndexedTrueThenPredicted() {
    #expect(
      matrix.counts == [
        [1, 1, 0, 0],
        [0, 2, 0, 0],
        [1, 0, 2, 0],
        [0, 0, 0, 0],
      ])
    #expect(matrix.total == 7)
    #expect(matrix.correct == 5)
    #expect(matrix.accuracy == 5.0 / 7)
  }

  @Test func precisionAndRecallAreExactRatios() {
    #expect(matrix.precision(0) == 0.5)
    #expect(matrix.recall(0) == 0.5)
    #expect(matrix.precision(1) == 2.0 / 3)
    #expect(matrix.recall(1) == 1)
    #expect(matrix.precision(2) == 1)
    #expect(matrix.recall(2) == 2.0 / 3)
    #expect(matrix.support(2) == 3)
    #expect(matrix.predictedCount(0) == 2)
  }

  @Test func undefinedRatesAreNil() {
    #expect(matrix.precision(3) == nil)
    #expect(matrix.recall(3) == nil)
    let empty = ConfusionMatrix(trueLabels: [], predicted: [], classCount: 2)
    #expect(empty.accuracy == nil)
    #expect(empty.total == 0)
  }

  @Test func roundTripsThroughJSON() throws {
    let data = try JSONEncoder().encode(matrix)
    #expect(try JSONDecoder().decode(ConfusionMatrix.self, from: data) == matrix)
  }
}
