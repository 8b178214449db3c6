import Foundation
import Study
import TestSupport
import Testing

/// Hostile names, unusable files and inputs a user has to fix.
@Suite(.serialized) struct AwkwardInputTests {
  static let hostileClass = "<script>alert(1)<script> *|"
  static let hostileFile = "a|b*c.png"
  static let hostileRejected = [
    "<img src=x onerror=alert(1)>.png", "x](javascript:alert(1)).png", "p|i|p|e.png",
  ]

  /// The phantom set with Bacteria renamed to a hostile class name and one of its files to a
  /// hostile file name. metadata.csv goes: it names the old paths.
  static func hostileFixture() throws -> StudyFixture {
    let fixture = try StudyFixture()
    let manager = FileManager.default
    try manager.removeItem(at: fixture.data.appendingPathComponent("metadata.csv"))
    let renamed = fixture.data.appendingPathComponent(hostileClass)
    try manager.moveItem(at: fixture.data.appendingPathComponent("Bacteria"), to: renamed)
    try manager.moveItem(
      at: renamed.appendingPathComponent("Bacteria-001.png"),
      to: renamed.appendingPathComponent(hostileFile))
    // Unusable files are listed by name in the report, so these names reach the HTML.
    let normal = fixture.data.appendingPathComponent("Normal")
    for name in hostileRejected {
      try Data().write(to: normal.appendingPathComponent(name))
    }
    return fixture
  }

  @Test func hostileNamesAreEscapedInTheHTML() throws {
    let fixture = try Self.hostileFixture()
    defer { fixture.remove() }
    let folder = try fixture.run().reportFolder

    let html = try ReportFiles.text(folder, "report.html")
    #expect(!html.lowercased().contains("<script"), "report.html holds a script tag")
    #expect(html.contains("&lt;script&gt;alert(1)"), "the class name is not shown escaped")
    #expect(!html.contains("<img src=x"), "a file name became an image tag")
    #expect(!html.lowercased().contains("href=\"javascript"), "a file name became a link")
    let markdown = try ReportFiles.text(folder, "report.md")
    let section = try #require(markdown.range(of: "### Rejected files"))
    let rows = markdown[section.upperBound...].split(separator: "\n").dropFirst(2)
      .prefix { $0.hasPrefix("|") }
    #expect(rows.count == Self.hostileRejected.count, "rejected rows: \(rows)")
    for name in [
      "&lt;img src=x onerror=alert(1)&gt;.png", "x](javascript:alert(1)).png",
      "p|i|p|e.png",
    ] {
      #expect(html.contains("Normal/" + name), "\(name) is not shown as written")
    }
    let csv = try ReportFiles.text(folder, "split.csv")
    #expect(csv.contains(Self.hostileClass + "/" + Self.hostileFile))
    let model = try ReportFiles.json(folder, "model/model.json")
    #expect((model["classes"] as? [String])?.contains(Self.hostileClass) == true)
  }

  @Test func unusableFilesAreListedAndTheRunContinues() throws {
    let fixture = try StudyFixture()
    defer { fixture.remove() }
    let normal = fixture.data.appendingPathComponent("Normal")
    let valid = try Data(contentsOf: normal.appendingPathComponent("Normal-001.png"))
    try Data().write(to: normal.appendingPathComponent("zero-bytes.png"))
    try valid.prefix(valid.count / 2).write(to: normal.appendingPathComponent("truncated.png"))
    try Data("not an image\n".utf8).write(to: normal.appendingPathComponent("notes.png"))

    let outcome = try fixture.run()
    let markdown = try ReportFiles.text(outcome.reportFolder, "report.md")
    let section = try #require(
      markdown.range(of: "### Rejected files"), "report.md has no Rejected files section")
    let table = markdown[section.upperBound...].prefix(2000)
    for name in ["zero-bytes.png", "truncated.png", "notes.png"] {
      #expect(table.contains("Normal/" + name), "\(name) is not in the Rejected files table")
    }
    let metrics = try ReportFiles.json(outcome.reportFolder, "metrics.json")
    let dataset = try #require(metrics["dataset"] as? [String: Any])
    #expect(dataset["rejected"] as? Int == 3)
    #expect(dataset["images"] as? Int == 4 * StudyFixture.perClass)
    let files = try ReportFiles.splitOfFile(outcome.reportFolder)
    #expect(files["Normal/notes.png"] == nil)
  }
}

/// Errors a user can fix stop the run with a message that says what is wrong.
@Suite struct UserFixableErrorTests {
  func runError(
    _ fixture: StudyFixture,
    _ configuration: StudyConfiguration = StudyFixture.tinyConfiguration
  ) -> StudyError? {
    do {
      try fixture.run(configuration)
      return nil
    } catch let error as StudyError {
      return error
    } catch {
      Issue.record("expected a StudyError, got \(error)")
      return nil
    }
  }

  /// A configuration built in code skips the file checks; the run must still refuse it.
  @Test func badValueFromCodeStopsTheRunBeforeAnyStage() throws {
    let fixture = try StudyFixture(perClass: 12)
    defer { fixture.remove() }
    var configuration = StudyFixture.tinyConfiguration
    configuration.training.validationPairs = 0
    #expect(
      throws: StudyError.badConfiguration(
        file: "the default configuration",
        reason: "training.validationPairs must be at least 2, got 0")
    ) {
      try fixture.run(configuration)
    }
  }

  @Test func demoSetTooSmallForTheSplitNamesTheDemoSetting() throws {
    let root = try TemporaryDirectory.make(prefix: "study-demo")
    defer { try? FileManager.default.removeItem(at: root) }
    var configuration = StudyFixture.tinyConfiguration
    configuration.demo.imagesPerClass = 9
    let request = RunRequest(
      configuration: configuration, configurationSource: "tiny.json", projectRoot: root)
    #expect(
      throws: StudyError.badConfiguration(
        file: "tiny.json",
        reason: "demo.imagesPerClass must be at least 10 for this split (split.train 4 + "
          + "split.validation 4 + 2 for testing), got 9")
    ) {
      try StudyRunner.run(request, log: Log(quiet: true))
    }
  }

  /// A mistyped held-out class used to be ignored: the class the user meant to keep unseen
  /// trained with the others.
  @Test func unknownHeldOutClassIsNamedWithTheDatasetsClasses() throws {
    let fixture = try StudyFixture(perClass: 12)
    defer { fixture.remove() }
    let classes = "(its classes: Bacteria, COVID-19, Normal, Virus)"
    let noneHint = #"; to hold out no class, set "unknownClass": {"heldOut": []}"#
    var configuration = StudyFixture.tinyConfiguration

    configuration.unknownClass.heldOut = ["Virus", "virsu"]
    #expect(
      runError(fixture, configuration)
        == .badConfiguration(
          file: "the default configuration",
          reason: "unknownClass.heldOut names 'virsu', which is not a class of "
            + "\(fixture.data.path) \(classes); did you mean 'Virus'?" + noneHint))

    configuration.unknownClass.heldOut = ["Fungus"]
    #expect(
      runError(fixture, configuration)?.description
        == "the default configuration: unknownClass.heldOut names 'Fungus', which is not a "
        + "class of \(fixture.data.path) \(classes)" + noneHint)
  }

  /// N-way settings no test trial can satisfy are refused before training, not after.
  @Test func nWayLargerThanTheTestSplitAllowsIsRefusedBeforeTraining() throws {
    let fixture = try StudyFixture()
    defer { fixture.remove() }
    var configuration = StudyFixture.tinyConfiguration
    configuration.nway.ways = [500]
    let error = runError(fixture, configuration)
    #expect(
      error?.description
        == "the default configuration: nway.ways: none of 500 can be scored on the test split, "
        + "whose 48 images of trained classes allow at most 33-way trials; choose smaller N")
    #expect(!FileManager.default.fileExists(atPath: fixture.cache.appendingPathComponent(
      "stages/training").path))
  }

  /// An N too large for the 12 training images but fine for the test split: the report says
  /// there is no seen-image test instead of failing to draw it.
  @Test func nWayTooLargeForTheTrainingImagesOnlySkipsTheSeenTest() throws {
    let fixture = try StudyFixture()
    defer { fixture.remove() }
    var configuration = StudyFixture.tinyConfiguration
    configuration.nway.ways = [30]
    try fixture.run(configuration)
    let markdown = try ReportFiles.text(fixture.output, "report.md")
    #expect(markdown.contains("No N asked for fits the training images"))
    #expect(!FileManager.default.fileExists(
      atPath: fixture.output.appendingPathComponent("figures/nway-seen.png").path))
  }

  /// Each of these used to stop the program with a crash instead of a message.
  @Test func settingsThatLeaveNothingToTrainAreRefused() throws {
    let fixture = try StudyFixture(perClass: 12)
    defer { fixture.remove() }
    var configuration = StudyFixture.tinyConfiguration
    configuration.unknownClass.heldOut = ["Bacteria", "COVID-19", "Virus"]
    #expect(
      runError(fixture, configuration)?.description
        == "the default configuration: unknownClass.heldOut leaves 1 class to train on "
        + "(Normal) of \(fixture.data.path); pairs need at least 2, so hold out fewer classes")

    configuration = StudyFixture.tinyConfiguration
    configuration.training.network = "koch"
    configuration.preprocessing.size = 64
    let error = runError(fixture, configuration)?.description ?? ""
    #expect(
      error.hasPrefix(
        "the default configuration: training.network \"koch\" with preprocessing.size 64: "),
      "\(error)")
  }

  /// The default held-out class applies only where the dataset has it.
  @Test func datasetWithoutTheDefaultHeldOutClassRunsWithTheDefaults() throws {
    let fixture = try StudyFixture(perClass: 12)
    defer { fixture.remove() }
    try FileManager.default.removeItem(at: fixture.data.appendingPathComponent("Virus"))
    let metadata = fixture.data.appendingPathComponent("metadata.csv")
    let rows = try String(contentsOf: metadata, encoding: .utf8).split(separator: "\n")
    try (rows.filter { !$0.hasPrefix("Virus/") }.joined(separator: "\n") + "\n")
      .write(to: metadata, atomically: true, encoding: .utf8)
    try fixture.run()
    let metrics = try ReportFiles.json(fixture.output, "metrics.json")
    #expect(metrics["unknown"] == nil || metrics["unknown"] is NSNull)
    let markdown = try ReportFiles.text(fixture.output, "report.md")
    #expect(markdown.contains("not in this dataset, so not held out: Virus"))
  }

  @Test func missingDataFolder() throws {
    let fixture = try StudyFixture(existingData: URL(fileURLWithPath: "/nonexistent/xrays"))
    defer { fixture.remove() }
    #expect(runError(fixture) == .noSuchFolder("/nonexistent/xrays"))
  }

  @Test func folderWithoutClassFolders() throws {
    let fixture = try StudyFixture(perClass: 1)
    defer { fixture.remove() }
    let flat = fixture.root.appendingPathComponent("flat")
    try FileManager.default.createDirectory(at: flat, withIntermediateDirectories: true)
    try Data().write(to: flat.appendingPathComponent("x.png"))
    let flatFixture = try StudyFixture(existingData: flat)
    defer { flatFixture.remove() }

    let error = runError(flatFixture)
    #expect(error == .noClassFolders(folder: flat.path, found: ["x.png"]))
    #expect(error?.description.contains("one sub-folder per class") == true)
  }

  /// A long list of stray files is cut, but the message says how many it left out.
  @Test func manyStrayFilesAreCountedNotListed() {
    let names = (1...8).map { "scan-\($0).png" }
    let text = StudyError.noClassFolders(folder: "/x", found: names).description
    #expect(text.contains("scan-4.png, scan-5.png and 3 more"), "\(text)")
    #expect(!text.contains("scan-6.png"))
    let five = StudyError.noClassFolders(folder: "/x", found: Array(names.prefix(5)))
    #expect(!five.description.contains("more"))
  }

  @Test func oneUsableImageIsSingular() {
    let error = StudyError.tooFewImages(
      className: "x", usable: 1, needed: 10, train: 4, validation: 4)
    #expect(error.description.contains("'x' has 1 usable image, but"), "\(error)")
  }

  @Test func classWithTooFewImages() throws {
    let fixture = try StudyFixture(perClass: 24)
    defer { fixture.remove() }
    let covid = fixture.data.appendingPathComponent("COVID-19")
    try FileManager.default.removeItem(at: fixture.data.appendingPathComponent("metadata.csv"))
    for index in 6...24 {
      let name = "COVID-19-" + String(format: "%03d", index) + ".png"
      try FileManager.default.removeItem(at: covid.appendingPathComponent(name))
    }

    let error = runError(fixture)
    #expect(
      error
        == .tooFewImages(className: "COVID-19", usable: 5, needed: 10, train: 4, validation: 4))
    #expect(error?.description.contains("'COVID-19' has 5 usable images") == true)
  }

  @Test func metadataNamingAMissingFile() throws {
    let fixture = try StudyFixture(perClass: 12)
    defer { fixture.remove() }
    let metadata = fixture.data.appendingPathComponent("metadata.csv")
    var text = try String(contentsOf: metadata, encoding: .utf8)
    text += "Normal/ghost.png,Normal-P999\n"
    try Data(text.utf8).write(to: metadata)

    let error = runError(fixture)
    #expect(
      error
        == .metadataNamesMissingFile(metadata: metadata.path, file: "Normal/ghost.png", line: 50))
    #expect(error?.description.contains("Normal/ghost.png") == true)
  }
}
