/// Counts of true class against predicted class, with accuracy, precision and recall.
///
/// `counts[t][p]` is the number of items of true class t predicted as class p. Rates are exact
/// ratios of these integer counts. A rate whose denominator is zero is `nil` rather than NaN, so
/// that it can be shown as "n/a" and encoded in JSON.
public struct ConfusionMatrix: Sendable, Codable, Equatable {
  /// The number of classes; both indices of `counts` run over 0..<classCount.
  public let classCount: Int
  /// classCount × classCount counts, indexed [true class][predicted class].
  public let counts: [[Int]]

  /// Tallies paired true and predicted labels.
  ///
  /// - Precondition: both lists have the same length and every label is in 0..<classCount.
  public init(trueLabels: [Int], predicted: [Int], classCount: Int) {
    precondition(classCount >= 1, "classCount must be at least 1, got \(classCount)")
    precondition(
      trueLabels.count == predicted.count,
      "\(trueLabels.count) true labels but \(predicted.count) predictions")
    var counts = [[Int]](repeating: [Int](repeating: 0, count: classCount), count: classCount)
    for (truth, guess) in zip(trueLabels, predicted) {
      precondition((0..<classCount).contains(truth), "true label \(truth) not in 0..<\(classCount)")
      precondition((0..<classCount).contains(guess), "prediction \(guess) not in 0..<\(classCount)")
      counts[truth][guess] += 1
    }
    self.classCount = classCount
    self.counts = counts
  }

  /// The number of items tallied.
  public var total: Int { counts.reduce(0) { $0 + $1.reduce(0, +) } }

  /// The number of items predicted correctly (the diagonal).
  public var correct: Int { (0..<classCount).reduce(0) { $0 + counts[$1][$1] } }

  /// The share of items predicted correctly, or `nil` when there are no items.
  public var accuracy: Double? {
    let total = total
    return total == 0 ? nil : Double(correct) / Double(total)
  }

  /// The number of items whose true class is `c`.
  public func support(_ c: Int) -> Int { counts[c].reduce(0, +) }

  /// The number of items predicted as class `c`.
  public func predictedCount(_ c: Int) -> Int { counts.reduce(0) { $0 + $1[c] } }

  /// Of the items predicted as `c`, the share that truly are `c`; `nil` when `c` is never
  /// predicted.
  public func precision(_ c: Int) -> Double? {
    let predicted = predictedCount(c)
    return predicted == 0 ? nil : Double(counts[c][c]) / Double(predicted)
  }

  /// Of the items truly of class `c`, the share predicted as `c`; `nil` when no item is of `c`.
  public func recall(_ c: Int) -> Double? {
    let support = support(c)
    return support == 0 ? nil : Double(counts[c][c]) / Double(support)
  }
}
