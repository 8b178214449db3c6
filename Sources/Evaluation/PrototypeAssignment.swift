/// How a query's similarities to the reference items of one class become one class score.
public enum AssignmentRule: String, Sendable, Codable, CaseIterable {
  /// The arithmetic mean of the query's similarities to every reference item of the class.
  case mean
  /// The highest similarity of the query to any reference item of the class (nearest neighbour).
  case maximum
}

/// The class chosen for one query, with the score of every class.
public struct Assignment: Sendable, Codable, Equatable {
  /// The class with the highest score; among equal highest scores, the lowest class index.
  public let predicted: Int
  /// One score per class, indexed by class; a class score follows the `AssignmentRule` used.
  public let classScores: [Double]

  public init(predicted: Int, classScores: [Double]) {
    precondition(classScores.indices.contains(predicted), "predicted class out of range")
    self.predicted = predicted
    self.classScores = classScores
  }

  /// The score of the predicted class: the highest class score. A low value means the query is
  /// far from every known class, which makes it the outlier score for unknown-class detection.
  public var bestScore: Double { classScores[predicted] }
}

/// Assigns each query item to the class whose reference items it is most similar to.
public enum PrototypeAssignment {
  /// Scores every query against every class and picks the best class.
  ///
  /// The score of class c for query q is, under `.mean`, the mean of `similarity(q, r)` over the
  /// reference items r labelled c (summed in reference order, in Double), and under `.maximum`
  /// the largest of those similarities. The query is assigned to the class with the highest
  /// score; equal highest scores go to the lowest class index, so the result never depends on
  /// hash order or timing.
  ///
  /// - Parameters:
  ///   - queryCount: the number of queries; queries are 0..<queryCount.
  ///   - referenceLabels: the class of each reference item; references are its indices.
  ///   - classCount: the number of classes; every label is in 0..<classCount.
  ///   - rule: how one class's similarities are combined (default `.mean`).
  ///   - similarity: `similarity(query, reference)`, higher meaning more alike (for example the
  ///     cosine similarity of two embeddings). Called once per query–reference pair.
  /// - Returns: one `Assignment` per query, in query order.
  /// - Precondition: every class has at least one reference item (a class without references
  ///   has no score; leave such classes out and renumber) and no similarity is NaN.
  public static func assign(
    queryCount: Int, referenceLabels: [Int], classCount: Int, rule: AssignmentRule = .mean,
    similarity: (Int, Int) -> Double
  ) -> [Assignment] {
    precondition(queryCount >= 0, "queryCount must not be negative, got \(queryCount)")
    precondition(classCount >= 1, "classCount must be at least 1, got \(classCount)")
    var referencesPerClass = [Int](repeating: 0, count: classCount)
    for label in referenceLabels {
      precondition(
        (0..<classCount).contains(label), "reference label \(label) not in 0..<\(classCount)")
      referencesPerClass[label] += 1
    }
    if let empty = referencesPerClass.firstIndex(of: 0) {
      preconditionFailure("class \(empty) has no reference item, so it has no class score")
    }

    return (0..<queryCount).map { query in
      var scores = [Double](
        repeating: rule == .mean ? 0 : -Double.infinity, count: classCount)
      for (reference, label) in referenceLabels.enumerated() {
        let value = similarity(query, reference)
        precondition(!value.isNaN, "similarity(\(query), \(reference)) is NaN")
        switch rule {
        case .mean: scores[label] += value
        case .maximum: scores[label] = max(scores[label], value)
        }
      }
      if rule == .mean {
        for c in 0..<classCount { scores[c] /= Double(referencesPerClass[c]) }
      }

      var best = 0
      for c in 1..<classCount where scores[c] > scores[best] { best = c }
      return Assignment(predicted: best, classScores: scores)
    }
  }
}
