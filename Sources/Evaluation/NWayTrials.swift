/// One N-way one-shot trial over a list of items (images) with class labels.
///
/// The anchor is compared with `candidates`; exactly one candidate, at `positiveIndex`, shares
/// the anchor's class. No item appears twice in a trial and the positive is never the anchor.
public struct NWayTrial: Sendable, Equatable, Codable {
  public let anchor: Int
  public let candidates: [Int]
  public let positiveIndex: Int

  public init(anchor: Int, candidates: [Int], positiveIndex: Int) {
    precondition(candidates.indices.contains(positiveIndex), "positiveIndex out of range")
    self.anchor = anchor
    self.candidates = candidates
    self.positiveIndex = positiveIndex
  }

  public var positive: Int { candidates[positiveIndex] }
}

/// Why a set of N-way trials cannot be built from the items given.
public enum NWayError: Error, Equatable, CustomStringConvertible {
  case noClassWithTwoItems
  case tooFewOtherItems(n: Int, className: String, available: Int)

  public var description: String {
    switch self {
    case .noClassWithTwoItems:
      return "an N-way test needs a class with at least two images; none has"
    case .tooFewOtherItems(let n, let className, let available):
      let needed = n - 1 == 1 ? "1 image" : "\(n - 1) images"
      return "a \(n)-way test with anchor class '\(className)' needs \(needed) of other "
        + "classes, but only \(available) " + (available == 1 ? "is" : "are") + " available"
    }
  }
}

public enum NWayTrials {
  /// Builds `count` seeded N-way trials.
  ///
  /// Each trial picks a class uniformly among the classes with at least two items, an anchor and
  /// a second item of that class (the positive), and N − 1 distinct items drawn uniformly from
  /// all other classes; the positive is placed at a random position among the candidates.
  /// - Parameters:
  ///   - labels: the class index of each item.
  ///   - classNames: names for error messages, indexed by class.
  /// - Throws: `NWayError` when some eligible class has too few items in other classes.
  public static func make(
    labels: [Int], classNames: [String], n: Int, count: Int, generator: inout SeededGenerator
  ) throws(NWayError) -> [NWayTrial] {
    precondition(n >= 2, "an N-way test needs n >= 2, got \(n)")
    var itemsByClass: [Int: [Int]] = [:]
    for (item, label) in labels.enumerated() {
      itemsByClass[label, default: []].append(item)
    }
    let eligible = itemsByClass.keys.sorted().filter { itemsByClass[$0]!.count >= 2 }
    guard !eligible.isEmpty else { throw .noClassWithTwoItems }

    for label in eligible {
      let others = labels.count - itemsByClass[label]!.count
      if others < n - 1 {
        let name = label < classNames.count ? classNames[label] : "class \(label)"
        throw .tooFewOtherItems(n: n, className: name, available: others)
      }
    }

    var trials: [NWayTrial] = []
    trials.reserveCapacity(count)
    for _ in 0..<count {
      let label = eligible.randomMember(using: &generator)
      let members = itemsByClass[label]!
      let anchorSlot = Int.random(in: 0..<members.count, using: &generator)
      var positiveSlot = Int.random(in: 0..<(members.count - 1), using: &generator)
      if positiveSlot >= anchorSlot { positiveSlot += 1 }

      let negatives = sampleOthers(
        labels: labels, excluding: label, count: n - 1, generator: &generator)
      var candidates = negatives
      let positiveIndex = Int.random(in: 0...negatives.count, using: &generator)
      candidates.insert(members[positiveSlot], at: positiveIndex)
      trials.append(
        NWayTrial(anchor: members[anchorSlot], candidates: candidates, positiveIndex: positiveIndex)
      )
    }
    return trials
  }

  /// `count` distinct items whose label differs from `excluding`, by a partial Fisher-Yates
  /// shuffle of all such items.
  private static func sampleOthers(
    labels: [Int], excluding: Int, count: Int, generator: inout SeededGenerator
  ) -> [Int] {
    var pool: [Int] = []
    pool.reserveCapacity(labels.count)
    for (item, label) in labels.enumerated() where label != excluding {
      pool.append(item)
    }
    for slot in 0..<count {
      let pick = Int.random(in: slot..<pool.count, using: &generator)
      pool.swapAt(slot, pick)
    }
    return Array(pool[0..<count])
  }

  /// Scores each trial and counts those in which the positive scores highest. Ties for the top
  /// score are broken uniformly at random (seeded), so a scorer that cannot tell the candidates
  /// apart lands at chance level instead of at zero.
  /// - Parameter score: similarity of (anchor, candidate); higher means more alike. NaN counts as
  ///   the lowest possible score.
  public static func evaluate(
    _ trials: [NWayTrial], generator: inout SeededGenerator, score: (Int, Int) -> Double
  ) -> ProportionEstimate {
    precondition(!trials.isEmpty, "evaluate(_:) needs at least one trial")
    var correct = 0
    for trial in trials {
      var best = -Double.infinity
      var leaders: [Int] = []
      for (index, candidate) in trial.candidates.enumerated() {
        let raw = score(trial.anchor, candidate)
        let value = raw.isNaN ? -Double.infinity : raw
        if leaders.isEmpty || value > best {
          best = value
          leaders = [index]
        } else if value == best {
          leaders.append(index)
        }
      }
      let chosen = leaders.count == 1 ? leaders[0] : leaders.randomMember(using: &generator)
      if chosen == trial.positiveIndex { correct += 1 }
    }
    return ProportionEstimate(successes: correct, trials: trials.count)
  }
}
