import Foundation
import Study
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
  func runError(_ fixture: StudyFixture) -> StudyError? {
    do {
      try fixture.run()
      return nil
    } catch let error as StudyError {
      return error
    } catch {
      Issue.record("expected a StudyError, got \(error)")
      return nil
    }
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
