import Evaluation

/// The three parts of a dataset.
public enum Split: String, Sendable, Codable, CaseIterable, Comparable {
  case train, validation, test

  public static func < (a: Split, b: Split) -> Bool {
    allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
  }
}

/// Which split each image group, and so each image, belongs to.
public struct SplitAssignment: Sendable, Codable, Equatable {
  public let groups: [ImageGroup]
  public let splitOfGroup: [Split]
  /// split of each image, by image index
  public let splitOfImage: [Split]
  /// group index of each image
  public let groupOfImage: [Int]

  /// Image indices in `split`, ascending.
  public func images(in split: Split) -> [Int] {
    splitOfImage.indices.filter { splitOfImage[$0] == split }
  }
}

public enum SplitPlanner {
  /// Assigns whole groups to train, validation and test, class by class.
  ///
  /// Groups are ranked by a hash of the seed and the group's identity. Walking that ranking, a
  /// group goes to training if every class it holds still has room for all of its images there
  /// and one of them still needs training images; otherwise to validation on the same rule;
  /// otherwise to test. The ranking of a group never depends on other groups, so adding images
  /// moves an existing image only when a new group ranks into its place. A class whose groups
  /// are large may end one or two images short of a target rather than split a patient.
  /// - Parameters:
  ///   - labels: class index of each image.
  ///   - classNames: class names by index, for messages.
  ///   - testOnly: classes whose images all go to test (held-out classes, which neither train
  ///     nor select the model); a group holding one of their images goes to test too.
  /// - Throws: `StudyError.tooFewImages` when a class not in `testOnly` has fewer than
  ///   train + validation + 2 images.
  public static func assign(
    labels: [Int], classNames: [String], groups: [ImageGroup], train: Int, validation: Int,
    seed: UInt64, testOnly: Set<Int> = []
  ) throws(StudyError) -> SplitAssignment {
    var usable = [Int](repeating: 0, count: classNames.count)
    for label in labels { usable[label] += 1 }
    for (label, count) in usable.enumerated()
    where count < train + validation + 2 && !testOnly.contains(label) {
      throw .tooFewImages(
        className: classNames[label], usable: count, needed: train + validation + 2,
        train: train, validation: validation)
    }

    let order = groups.indices.sorted { a, b in
      let ra = rank(groups[a].identity, seed: seed)
      let rb = rank(groups[b].identity, seed: seed)
      return ra != rb ? ra < rb : groups[a].identity < groups[b].identity
    }

    var filled: [Split: [Int]] = [
      .train: [Int](repeating: 0, count: classNames.count),
      .validation: [Int](repeating: 0, count: classNames.count),
    ]
    func target(_ split: Split, _ label: Int) -> Int {
      testOnly.contains(label) ? 0 : split == .train ? train : validation
    }
    var splitOfGroup = [Split](repeating: .test, count: groups.count)
    for groupIndex in order {
      var perClass: [Int: Int] = [:]
      for member in groups[groupIndex].members { perClass[labels[member], default: 0] += 1 }

      for split in [Split.train, .validation] {
        let fits = perClass.allSatisfy { label, count in
          filled[split]![label] + count <= target(split, label)
        }
        let needed = perClass.keys.contains { filled[split]![$0] < target(split, $0) }
        if fits && needed {
          splitOfGroup[groupIndex] = split
          for (label, count) in perClass { filled[split]![label] += count }
          break
        }
      }
    }

    var groupOfImage = [Int](repeating: 0, count: labels.count)
    var splitOfImage = [Split](repeating: .test, count: labels.count)
    for (groupIndex, group) in groups.enumerated() {
      for member in group.members {
        groupOfImage[member] = groupIndex
        splitOfImage[member] = splitOfGroup[groupIndex]
      }
    }
    return SplitAssignment(
      groups: groups, splitOfGroup: splitOfGroup, splitOfImage: splitOfImage,
      groupOfImage: groupOfImage)
  }

  /// The group's place in the ranking: a 64-bit mix of the seed and the identity.
  static func rank(_ identity: String, seed: UInt64) -> UInt64 {
    var generator = SeededGenerator(seed: seed, purpose: "split:" + identity)
    return generator.next()
  }
}
