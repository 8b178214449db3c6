import Evaluation

/// A batch of image pairs with their targets: 1 for a same-class pair, 0 otherwise.
public struct PairBatch: Sendable, Equatable, Codable {
  /// indices into the sampler's items
  public let pairs: [Pair]
  /// 1 (same class) or 0 (different classes), one per pair
  public let labels: [Float]

  public struct Pair: Sendable, Equatable, Codable {
    public let first: Int
    public let second: Int
  }

  /// The distinct items the batch touches, ascending; a 10-shot batch of 30 pairs draws its 60
  /// image slots from at most 30 images.
  public var distinctItems: [Int] {
    Array(Set(pairs.flatMap { [$0.first, $0.second] })).sorted()
  }
}

/// Draws balanced batches of pairs from labelled items (the training split only).
///
/// The first half of a batch holds same-class pairs: a class chosen uniformly among those with
/// two or more items, then two distinct items of it. The second half holds different-class
/// pairs: two distinct classes chosen uniformly, then one item of each. This matches the
/// reference notebook's generator, which also builds half of each batch from each kind.
public struct PairSampler: Sendable {
  public let labels: [Int]
  private let itemsByClass: [[Int]]
  private let classesWithPairs: [Int]
  private var generator: SeededGenerator

  /// - Precondition: at least two classes, one of them with two or more items.
  public init(labels: [Int], seed: UInt64, purpose: String = "pairs") {
    self.labels = labels
    let classCount = (labels.max() ?? -1) + 1
    var byClass = [[Int]](repeating: [], count: classCount)
    for (item, label) in labels.enumerated() { byClass[label].append(item) }
    itemsByClass = byClass
    classesWithPairs = byClass.indices.filter { byClass[$0].count >= 2 }
    generator = SeededGenerator(seed: seed, purpose: purpose)
    precondition(
      byClass.filter { !$0.isEmpty }.count >= 2 && !classesWithPairs.isEmpty,
      "pairs need two non-empty classes and one class with two items; labels: \(labels)")
  }

  /// The next batch: `size / 2` same-class pairs (rounded up), then different-class pairs.
  public mutating func nextBatch(size: Int) -> PairBatch {
    precondition(size >= 2, "a pair batch needs at least 2 pairs, got \(size)")
    let same = (size + 1) / 2
    var pairs: [PairBatch.Pair] = []
    var targets: [Float] = []
    pairs.reserveCapacity(size)

    for _ in 0..<same {
      let members = itemsByClass[classesWithPairs.randomMember(using: &generator)]
      let a = Int.random(in: 0..<members.count, using: &generator)
      var b = Int.random(in: 0..<(members.count - 1), using: &generator)
      if b >= a { b += 1 }
      pairs.append(PairBatch.Pair(first: members[a], second: members[b]))
      targets.append(1)
    }

    let nonEmpty = itemsByClass.indices.filter { !itemsByClass[$0].isEmpty }
    for _ in same..<size {
      let a = Int.random(in: 0..<nonEmpty.count, using: &generator)
      var b = Int.random(in: 0..<(nonEmpty.count - 1), using: &generator)
      if b >= a { b += 1 }
      let first = itemsByClass[nonEmpty[a]].randomMember(using: &generator)
      let second = itemsByClass[nonEmpty[b]].randomMember(using: &generator)
      pairs.append(PairBatch.Pair(first: first, second: second))
      targets.append(0)
    }
    return PairBatch(pairs: pairs, labels: targets)
  }
}
