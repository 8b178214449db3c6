/// Images that must stay together in one split: the images of one patient, joined with every
/// image that duplicates one of them (same decoded pixels or near-identical at low resolution).
public struct ImageGroup: Sendable, Codable, Equatable {
  /// Stable name of the group: "patient:<id>" or "file:<path>", the smallest such name among the
  /// group's members, so adding unrelated images never renames a group.
  public let identity: String
  /// indices of the member images, ascending
  public let members: [Int]
}

public enum ImageGroups {
  /// Joins images by patient id and by the given duplicate pairs (union-find).
  /// - Parameters:
  ///   - entries: the usable images; an image without patient id forms its own group.
  ///   - duplicates: pairs of image indices found to be duplicates.
  /// - Returns: groups sorted by identity.
  public static func make(entries: [ImageEntry], duplicates: [(Int, Int)]) -> [ImageGroup] {
    var parent = Array(0..<entries.count)
    func root(_ item: Int) -> Int {
      var item = item
      while parent[item] != item {
        parent[item] = parent[parent[item]]
        item = parent[item]
      }
      return item
    }
    func join(_ a: Int, _ b: Int) {
      let (ra, rb) = (root(a), root(b))
      if ra != rb { parent[max(ra, rb)] = min(ra, rb) }
    }

    var firstOfPatient: [String: Int] = [:]
    for (index, entry) in entries.enumerated() {
      guard let patient = entry.patientID else { continue }
      if let first = firstOfPatient[patient] {
        join(first, index)
      } else {
        firstOfPatient[patient] = index
      }
    }
    for (a, b) in duplicates { join(a, b) }

    var membersByRoot: [Int: [Int]] = [:]
    for index in entries.indices {
      membersByRoot[root(index), default: []].append(index)
    }
    let groups = membersByRoot.values.map { members in
      let identity = members.map { memberIdentity(entries[$0]) }.min()!
      return ImageGroup(identity: identity, members: members.sorted())
    }
    return groups.sorted { $0.identity < $1.identity }
  }

  static func memberIdentity(_ entry: ImageEntry) -> String {
    if let patient = entry.patientID { return "patient:" + patient }
    return "file:" + entry.file
  }
}
