import Foundation
import Phantoms
import Study
import TestSupport

/// A scratch project for one end-to-end test: a phantom dataset under `root/data/<name>` and a
/// report folder `root/reports/<name>`, whose stage cache lands in `root/reports/.siamese-cache`.
///
/// Every test makes its own, so runs never share a cache or an output folder.
struct StudyFixture {
  let root: URL
  let data: URL
  let output: URL

  /// Phantom images per class; with the split below this leaves 16 test images per class.
  static let perClass = 24

  /// Makes the folders and writes the phantom set (seed 1, `perClass` images per class).
  init(name: String = "phantoms", perClass: Int = StudyFixture.perClass) throws {
    root = try TemporaryDirectory.make(prefix: "study-test")
    data = root.appendingPathComponent("data").appendingPathComponent(name)
    output = root.appendingPathComponent("reports").appendingPathComponent(name)
    try Phantoms.writeDataset(to: data, perClass: perClass, seed: 1)
  }

  /// Makes the folders around an existing dataset folder (no phantoms are written).
  init(existingData: URL) throws {
    root = try TemporaryDirectory.make(prefix: "study-test")
    data = existingData
    output = root.appendingPathComponent("reports").appendingPathComponent("run")
  }

  /// The stage cache of runs into `output`.
  var cache: URL { output.deletingLastPathComponent().appendingPathComponent(".siamese-cache") }

  /// Sets the modification time of every file under `folder` a day back: a file modified
  /// within two seconds of being hashed is rehashed on purpose (its time may not yet tell a
  /// later edit apart), so tests of "hashed once" need older files.
  static func ageFiles(in folder: URL) throws {
    let past = Date().addingTimeInterval(-86_400)
    let enumerator = FileManager.default.enumerator(atPath: folder.path)
    while let name = enumerator?.nextObject() as? String {
      try FileManager.default.setAttributes(
        [.modificationDate: past], ofItemAtPath: folder.appendingPathComponent(name).path)
    }
  }

  func remove() {
    try? FileManager.default.removeItem(at: root)
  }

  /// A configuration small enough that a full run takes a few seconds: the small tower on
  /// 32 × 32 images, 2 epochs of 2 steps, 100 trials at 2- and 5-way, 4 + 4 images per class
  /// for training and validation. Virus stays held out (the default) so the unknown-class
  /// section runs.
  ///
  /// One thread: the BLAS and worker thread count is process-wide and results are bit-identical
  /// only for one thread count, so every run in the test process must ask for the same count
  /// (tests run in parallel, and a run asking for another would change a neighbour's bytes).
  static var tinyConfiguration: StudyConfiguration {
    var configuration = StudyConfiguration()
    configuration.threads = 1
    configuration.preprocessing.size = 32
    configuration.split.train = 4
    configuration.split.validation = 4
    configuration.pairs.batchSize = 10
    configuration.training.network = "small"
    configuration.training.maxEpochs = 2
    configuration.training.stepsPerEpoch = 2
    configuration.training.validationPairs = 20
    configuration.nway.ways = [2, 5]
    configuration.nway.trials = 100
    configuration.demo.imagesPerClass = 8
    return configuration
  }

  func request(
    _ configuration: StudyConfiguration = StudyFixture.tinyConfiguration,
    output: URL? = nil, selfContained: Bool = false, template: ReportTemplate? = nil,
    forced: Set<String> = []
  ) -> RunRequest {
    RunRequest(
      dataFolder: data, outputFolder: output ?? self.output, configuration: configuration,
      selfContained: selfContained, template: template, forcedStages: forced, projectRoot: root)
  }

  /// Runs the study quietly.
  @discardableResult
  func run(
    _ configuration: StudyConfiguration = StudyFixture.tinyConfiguration,
    output: URL? = nil, selfContained: Bool = false, template: ReportTemplate? = nil,
    forced: Set<String> = []
  ) throws -> RunOutcome {
    try StudyRunner.run(
      request(
        configuration, output: output, selfContained: selfContained, template: template,
        forced: forced),
      log: Log(quiet: true))
  }
}

extension RunOutcome {
  /// stage name → "run" or "reused"
  var actions: [String: String] {
    Dictionary(uniqueKeysWithValues: stages.map { ($0.name, $0.action) })
  }

  /// Names of the stages that ran, in order, without the always-run scan.
  var ran: [String] {
    stages.filter { $0.action == "run" && $0.name != "scan" }.map(\.name)
  }
}

/// Reading the files of a report folder.
enum ReportFiles {
  static func text(_ folder: URL, _ name: String) throws -> String {
    try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
  }

  static func json(_ folder: URL, _ name: String) throws -> [String: Any] {
    let data = try Data(contentsOf: folder.appendingPathComponent(name))
    return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
  }

  /// split.csv as rows of (file, class, group, split); no field of the phantom set is quoted.
  static func splitRows(_ folder: URL) throws -> [[String]] {
    let lines = try text(folder, "split.csv").split(separator: "\n").map(String.init)
    return lines.dropFirst().map {
      $0.split(separator: ",", omittingEmptySubsequences: false)
        .map(String.init)
    }
  }

  /// file → split, from split.csv.
  static func splitOfFile(_ folder: URL) throws -> [String: String] {
    Dictionary(uniqueKeysWithValues: try splitRows(folder).map { ($0[0], $0[3]) })
  }

  /// Image paths (`figures/x.png`) of the Markdown images (`![alt](path "title")`) in
  /// `markdown`; alt texts of the report hold no brackets.
  static func imageLinks(_ markdown: String) -> [String] {
    var links: [String] = []
    var rest = Substring(markdown)
    while let start = rest.range(of: "![") {
      rest = rest[start.upperBound...]
      guard let open = rest.range(of: "](") else { break }
      rest = rest[open.upperBound...]
      let end = rest.firstIndex { $0 == " " || $0 == ")" } ?? rest.endIndex
      links.append(String(rest[..<end]))
    }
    return links
  }

  /// metrics.json without the fields the schema documents as run-dependent.
  static func metricsWithoutTiming(_ folder: URL) throws -> [String: Any] {
    var metrics = try json(folder, "metrics.json")
    if var training = metrics["training"] as? [String: Any] {
      training["seconds"] = nil
      training["pairsPerSecond"] = nil
      metrics["training"] = training
    }
    return metrics
  }

  /// Canonical bytes of a JSON object, for comparing two documents.
  static func canonical(_ object: [String: Any]) throws -> Data {
    try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
  }

  /// The text before `marker` (the whole text when it is absent).
  static func before(_ marker: String, in text: String) -> String {
    guard let range = text.range(of: marker) else { return text }
    return String(text[..<range.lowerBound])
  }

  static let pngSignature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

  static func isPNG(_ url: URL) -> Bool {
    guard let data = try? Data(contentsOf: url) else { return false }
    return Array(data.prefix(8)) == pngSignature
  }
}
