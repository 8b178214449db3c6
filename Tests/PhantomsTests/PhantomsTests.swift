import Foundation
import Imaging
import Phantoms
import Testing

@Suite struct PhantomDeterminismTests {
  @Test func sameArgumentsGiveTheSameImage() {
    let first = Phantoms.image(className: "Virus", index: 3, seed: 9)
    #expect(first == Phantoms.image(className: "Virus", index: 3, seed: 9))
    #expect(first.width == 128 && first.height == 128 && first.channels == 1)
    #expect(first.samples.allSatisfy { $0 >= 0 && $0 <= 1 })
  }

  @Test func indexSeedAndClassEachChangeTheImage() {
    let base = Phantoms.image(className: "Normal", index: 0, seed: 1, size: 64)
    #expect(base != Phantoms.image(className: "Normal", index: 2, seed: 1, size: 64))
    #expect(base != Phantoms.image(className: "Normal", index: 0, seed: 2, size: 64))
    #expect(base != Phantoms.image(className: "Bacteria", index: 0, seed: 1, size: 64))
  }

  @Test func datasetIsByteIdenticalAcrossRuns() throws {
    let root = FileManager.default.temporaryDirectory
      .appendingPathComponent("phantoms-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: root) }
    let first = root.appendingPathComponent("a")
    let second = root.appendingPathComponent("b")
    try Phantoms.writeDataset(to: first, perClass: 6, seed: 3)
    try Phantoms.writeDataset(to: second, perClass: 6, seed: 3)

    let files = try #require(FileManager.default.subpaths(atPath: first.path)).sorted()
    #expect(files.filter { $0.hasSuffix(".png") }.count == 24)
    #expect(files.contains("COVID-19/COVID-19-006.png"))
    #expect(try FileManager.default.subpathsOfDirectory(atPath: second.path).sorted() == files)
    for file in files where file.hasSuffix(".png") || file == "metadata.csv" {
      let a = try Data(contentsOf: first.appendingPathComponent(file))
      let b = try Data(contentsOf: second.appendingPathComponent(file))
      #expect(a == b, "\(file) differs between runs")
    }
  }

  @Test func metadataGroupsSomeImagesByPatient() throws {
    let root = FileManager.default.temporaryDirectory
      .appendingPathComponent("phantoms-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: root) }
    try Phantoms.writeDataset(to: root, perClass: 10, seed: 1)

    let csv = try String(contentsOf: root.appendingPathComponent("metadata.csv"), encoding: .utf8)
    let lines = csv.split(separator: "\n").map(String.init)
    #expect(lines.first == "file,patient_id")
    #expect(lines.count == 41)
    #expect(lines.contains("Normal/Normal-001.png,Normal-P001"))
    #expect(lines.contains("Normal/Normal-002.png,Normal-P001"))
    let patients = lines.dropFirst().map { $0.split(separator: ",")[1] }
    let counts = Dictionary(grouping: patients, by: { $0 }).mapValues(\.count)
    #expect(counts.values.filter { $0 == 2 }.count == 8)  // two per class of ten
    #expect(counts.values.allSatisfy { $0 <= 2 })
    let decoded = try ImageDecoder.decode(file: root.appendingPathComponent("Virus/Virus-010.png"))
    #expect(decoded.width == 128 && decoded.channels == 1)
  }
}

/// Each class must differ from Normal where its sign is drawn, on average over many images
/// (signs move from image to image, so the averages are well below a single sign's density).
/// Regions are boxes in a 128 px image: the lungs sit around x = 41 (image left, the patient's
/// right) and x = 87, lower zones around y = 78, hila near the midline around y = 60.
@Suite struct PhantomSignTests {
  struct Box { var x: Range<Int>, y: Range<Int> }
  let rightLower = Box(x: 34..<50, y: 70..<86)
  let leftLower = Box(x: 78..<94, y: 70..<86)
  let rightPeriphery = Box(x: 24..<34, y: 72..<88)
  let leftPeriphery = Box(x: 94..<104, y: 72..<88)
  let rightHilum = Box(x: 44..<54, y: 50..<66)
  let leftHilum = Box(x: 74..<84, y: 50..<66)

  func mean(_ className: String, _ box: Box, count: Int = 24) -> Float {
    var total: Float = 0
    for index in 0..<count {
      let image = Phantoms.image(className: className, index: index, seed: 5)
      var sum: Float = 0
      for y in box.y { for x in box.x { sum += image[x, y] } }
      total += sum / Float(box.x.count * box.y.count)
    }
    return total / Float(count)
  }

  @Test func bacteriaIsDenserMostlyInTheRightLowerZone() {
    let right = mean("Bacteria", rightLower) - mean("Normal", rightLower)
    let left = mean("Bacteria", leftLower) - mean("Normal", leftLower)
    print("Bacteria minus Normal: right lower \(right), left lower \(left)")
    #expect(right > 0.08)
    #expect(right > 2 * left)
  }

  @Test func covidHazesBothPeripheralLowerZones() {
    for box in [rightPeriphery, leftPeriphery] {
      let difference = mean("COVID-19", box) - mean("Normal", box)
      print("COVID-19 minus Normal, periphery \(box.x):", difference)
      #expect(difference > 0.05)
    }
  }

  /// Mean absolute difference between horizontally adjacent pixels in a box, averaged over
  /// images: a measure of fine texture that a uniform haze would not raise.
  func roughness(_ className: String, _ box: Box, count: Int = 24) -> Float {
    var total: Float = 0
    for index in 0..<count {
      let image = Phantoms.image(className: className, index: index, seed: 5)
      var sum: Float = 0
      for y in box.y { for x in box.x.dropLast() { sum += abs(image[x + 1, y] - image[x, y]) } }
      total += sum / Float((box.x.count - 1) * box.y.count)
    }
    return total / Float(count)
  }

  @Test func covidGroundGlassIsGranular() {
    for box in [rightPeriphery, leftPeriphery] {
      let covid = roughness("COVID-19", box)
      let normal = roughness("Normal", box)
      print("roughness, periphery \(box.x): COVID-19 \(covid), Normal \(normal)")
      #expect(covid > 1.12 * normal)  // measured 1.22 to 1.30; a smooth haze would leave it near 1
    }
  }

  @Test func virusHazesBothPerihilarRegions() {
    for box in [rightHilum, leftHilum] {
      let difference = mean("Virus", box) - mean("Normal", box)
      print("Virus minus Normal, hilum \(box.x):", difference)
      #expect(difference > 0.05)
    }
  }
}
