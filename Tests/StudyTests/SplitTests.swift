import Study
import Testing

@Suite struct SplitTests {
  /// 4 classes × 30 images; in class 0, patients of 1–3 images; image 5 duplicates image 70.
  static func dataset(extra: Int = 0) -> (entries: [ImageEntry], labels: [Int]) {
    var entries: [ImageEntry] = []
    var labels: [Int] = []
    for label in 0..<4 {
      for index in 0..<(30 + (label == 1 ? extra : 0)) {
        let patient = label == 0 ? "p\(index / 3 + index % 2)" : nil
        entries.append(
          ImageEntry(file: "c\(label)/img-\(index).png", className: "c\(label)", patientID: patient)
        )
        labels.append(label)
      }
    }
    return (entries, labels)
  }

  static func assign(_ data: (entries: [ImageEntry], labels: [Int]), seed: UInt64 = 9) throws
    -> SplitAssignment
  {
    let groups = ImageGroups.make(entries: data.entries, duplicates: [(5, 70)])
    return try SplitPlanner.assign(
      labels: data.labels, classNames: ["c0", "c1", "c2", "c3"], groups: groups, train: 10,
      validation: 10, seed: seed)
  }

  @Test func groupsNeverStraddleSplits() throws {
    let data = Self.dataset()
    let split = try Self.assign(data)
    for group in split.groups {
      #expect(Set(group.members.map { split.splitOfImage[$0] }).count == 1, "\(group.identity)")
    }
    #expect(split.groupOfImage[5] == split.groupOfImage[70], "duplicates share a group")
    var patientSplit: [String: Split] = [:]
    for (index, entry) in data.entries.enumerated() {
      guard let patient = entry.patientID else { continue }
      if let seen = patientSplit[patient] { #expect(seen == split.splitOfImage[index]) }
      patientSplit[patient] = split.splitOfImage[index]
    }
  }

  @Test func sizesMeetTheTargets() throws {
    let data = Self.dataset()
    let split = try Self.assign(data)
    for label in 0..<4 {
      let ofClass = data.labels.indices.filter { data.labels[$0] == label }
      let train = ofClass.filter { split.splitOfImage[$0] == .train }.count
      let validation = ofClass.filter { split.splitOfImage[$0] == .validation }.count
      // Classes without patient groups fill exactly; grouped classes may fall short by less
      // than one group but never overflow.
      #expect(train <= 10 && validation <= 10)
      if label >= 2 { #expect(train == 10 && validation == 10) }
      #expect(train >= 8 && validation >= 8)
    }
  }

  /// A held-out class goes wholly to test, and so does any group holding one of its images
  /// (image 5 of class 0 duplicates image 70 of class 2); other classes still fill up.
  @Test func testOnlyClassesGoWhollyToTest() throws {
    let data = Self.dataset()
    let groups = ImageGroups.make(entries: data.entries, duplicates: [(5, 70)])
    let split = try SplitPlanner.assign(
      labels: data.labels, classNames: ["c0", "c1", "c2", "c3"], groups: groups, train: 10,
      validation: 10, seed: 9, testOnly: [2])
    for index in data.labels.indices where data.labels[index] == 2 {
      #expect(split.splitOfImage[index] == .test)
    }
    #expect(split.splitOfImage[5] == .test)
    for label in [1, 3] {
      let ofClass = data.labels.indices.filter { data.labels[$0] == label }
      #expect(ofClass.filter { split.splitOfImage[$0] == .train }.count == 10)
      #expect(ofClass.filter { split.splitOfImage[$0] == .validation }.count == 10)
    }
  }

  @Test func addingImagesMovesExistingImagesOnlyWhenOutranked() throws {
    let before = try Self.assign(Self.dataset())
    let after = try Self.assign(Self.dataset(extra: 12))
    let beforeData = Self.dataset()
    let afterData = Self.dataset(extra: 12)
    var moved = 0
    for (index, entry) in beforeData.entries.enumerated() {
      let newIndex = afterData.entries.firstIndex(of: entry)!
      if before.splitOfImage[index] != after.splitOfImage[newIndex] { moved += 1 }
      // Classes 0, 2 and 3 gained nothing, so none of their images may move.
      if entry.className != "c1" {
        #expect(before.splitOfImage[index] == after.splitOfImage[newIndex], "\(entry.file) moved")
      }
    }
    #expect(moved <= 12 * 2, "each new image displaces at most one per split")
  }

  @Test func otherSeedOtherSplit() throws {
    let a = try Self.assign(Self.dataset(), seed: 1)
    let b = try Self.assign(Self.dataset(), seed: 2)
    #expect(a.splitOfImage != b.splitOfImage)
  }

  @Test func tooSmallClassIsAnErrorThatSaysWhatIsNeeded() {
    let entries =
      (0..<21).map { ImageEntry(file: "x/\($0).png", className: "x", patientID: nil) }
      + (0..<30).map { ImageEntry(file: "y/\($0).png", className: "y", patientID: nil) }
    let labels = [Int](repeating: 0, count: 21) + [Int](repeating: 1, count: 30)
    let groups = ImageGroups.make(entries: entries, duplicates: [])
    #expect(throws: StudyError.self) {
      _ = try SplitPlanner.assign(
        labels: labels, classNames: ["x", "y"], groups: groups, train: 10, validation: 10, seed: 1)
    }
    let error = StudyError.tooFewImages(
      className: "x", usable: 21, needed: 22, train: 10, validation: 10)
    #expect(error.description.contains("class 'x' has 21 usable images"))
  }
}

@Suite struct PairSamplerTests {
  @Test func batchesAreBalancedAndCorrectlyLabelled() {
    let labels = (0..<30).map { $0 / 10 }
    var sampler = PairSampler(labels: labels, seed: 4)
    for _ in 0..<20 {
      let batch = sampler.nextBatch(size: 30)
      #expect(batch.pairs.count == 30)
      #expect(batch.labels.filter { $0 == 1 }.count == 15)
      for (pair, target) in zip(batch.pairs, batch.labels) {
        #expect(pair.first != pair.second)
        #expect((labels[pair.first] == labels[pair.second]) == (target == 1))
      }
      #expect(batch.distinctItems.count <= 30)
    }
  }

  @Test func sameSeedSameBatches() {
    let labels = (0..<30).map { $0 / 10 }
    var a = PairSampler(labels: labels, seed: 4)
    var b = PairSampler(labels: labels, seed: 4)
    #expect(a.nextBatch(size: 30) == b.nextBatch(size: 30))
  }
}
