import Foundation
import Phantoms
import Study
import Testing

/// A run replaces its report folder as a whole, so it must refuse folders whose replacement
/// would delete data or a user's files, and keep what it remembers per report.
@Suite(.serialized) struct OutputFolderTests {
  private func expectRefusal(
    _ fixture: StudyFixture, output: URL, mentioning fragment: String
  ) throws {
    do {
      try fixture.run(output: output)
      Issue.record("the run wrote into \(output.path)")
    } catch let error as StudyError {
      guard case .unsafeOutputFolder(let path, let reason) = error else {
        Issue.record("unexpected error: \(error)")
        return
      }
      #expect(path == output.path)
      #expect(reason.contains(fragment), "reason: \(reason)")
    }
  }

  private func imageCount(_ folder: URL) -> Int {
    let walker = FileManager.default.enumerator(atPath: folder.path)
    return (walker?.allObjects as? [String] ?? []).filter { $0.hasSuffix(".png") }.count
  }

  @Test func refusesTheDataFolderItsParentAndAFolderInsideIt() throws {
    let fixture = try StudyFixture()
    defer { fixture.remove() }
    let images = imageCount(fixture.data)

    try expectRefusal(fixture, output: fixture.data, mentioning: "is the data folder")
    try expectRefusal(
      fixture, output: fixture.data.deletingLastPathComponent(), mentioning: "holds the data")
    try expectRefusal(
      fixture, output: fixture.data.appendingPathComponent("report"), mentioning: "inside")
    #expect(imageCount(fixture.data) == images)
  }

  @Test func refusesTheDataFolderThroughASymbolicLink() throws {
    let fixture = try StudyFixture()
    defer { fixture.remove() }
    let link = fixture.root.appendingPathComponent("alias")
    try FileManager.default.createSymbolicLink(at: link, withDestinationURL: fixture.data)

    let images = imageCount(fixture.data)

    try expectRefusal(fixture, output: link, mentioning: "is the data folder")
    #expect(imageCount(fixture.data) == images)
    #expect(images > 0)
  }

  @Test func refusesAFolderOfOtherFilesButReplacesAnEarlierReport() throws {
    let fixture = try StudyFixture()
    defer { fixture.remove() }
    let notes = fixture.root.appendingPathComponent("notes")
    try FileManager.default.createDirectory(at: notes, withIntermediateDirectories: true)
    let kept = notes.appendingPathComponent("thesis.tex")
    try Data("draft".utf8).write(to: kept)

    try expectRefusal(fixture, output: notes, mentioning: "thesis.tex")
    #expect(FileManager.default.fileExists(atPath: kept.path))

    let empty = fixture.root.appendingPathComponent("empty")
    try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
    try fixture.run(output: empty)
    let again = try fixture.run(output: empty)
    #expect(again.reportFolder.standardizedFileURL == empty.standardizedFileURL)
  }

  @Test func reportsBesideEachOtherKeepTheirOwnScanHistory() throws {
    let fixture = try StudyFixture()
    defer { fixture.remove() }
    let other = fixture.root.appendingPathComponent("data/other")
    try Phantoms.writeDataset(to: other, perClass: StudyFixture.perClass - 2, seed: 7)
    let reports = fixture.output.deletingLastPathComponent()
    try StudyFixture.ageFiles(in: fixture.root.appendingPathComponent("data"))
    try fixture.run()

    let otherRequest = RunRequest(
      dataFolder: other, outputFolder: reports.appendingPathComponent("other"),
      configuration: StudyFixture.tinyConfiguration, projectRoot: fixture.root)
    let first = try StudyRunner.run(otherRequest, log: Log(quiet: true))
    let scan = try #require(first.stages.first { $0.name == "scan" })
    #expect(!scan.reason.contains("since the last run"), "scan: \(scan.reason)")
    // Measured against this report's own last run, of which there is none yet.
    let preprocess = try #require(first.stages.first { $0.name == "preprocess" })
    #expect(preprocess.reason == "no cached result", "preprocess: \(preprocess.reason)")

    let rerun = try fixture.run()
    let rescan = try #require(rerun.stages.first { $0.name == "scan" })
    #expect(rescan.reason.contains(", 0 hashed"), "scan: \(rescan.reason)")
    #expect(!rescan.reason.contains("since the last run"), "scan: \(rescan.reason)")
    #expect(rerun.ran.isEmpty, "stages: \(rerun.stages)")
  }

  @Test func aSecondRunIntoTheSameReportIsRefusedWhileTheFirstHoldsIt() throws {
    let fixture = try StudyFixture()
    defer { fixture.remove() }
    let locks = fixture.cache.appendingPathComponent("locks")
    try FileManager.default.createDirectory(at: locks, withIntermediateDirectories: true)
    let lockPath = locks.appendingPathComponent("\(fixture.output.lastPathComponent).lock")
    let held = open(lockPath.path, O_RDWR | O_CREAT, 0o644)
    #expect(flock(held, LOCK_EX | LOCK_NB) == 0)

    #expect(throws: StudyError.reportFolderBusy(path: fixture.output.path)) {
      try fixture.run()
    }
    close(held)
    try fixture.run()
    #expect(FileManager.default.fileExists(atPath: fixture.output.path))
  }

  /// A user's notes or edited figures inside a report folder would go with the old report.
  @Test func refusesToReplaceAReportHoldingFilesItDidNotWrite() throws {
    let fixture = try StudyFixture()
    defer { fixture.remove() }
    try fixture.run()
    let notes = fixture.output.appendingPathComponent("notes.txt")
    let figure = fixture.output.appendingPathComponent("figures/annotated.png")
    try Data("my notes".utf8).write(to: notes)
    try Data("png".utf8).write(to: figure)

    try expectRefusal(fixture, output: fixture.output, mentioning: "figures/annotated.png")
    #expect(FileManager.default.fileExists(atPath: notes.path))
    #expect(FileManager.default.fileExists(atPath: figure.path))

    try FileManager.default.removeItem(at: notes)
    try FileManager.default.removeItem(at: figure)
    var configuration = StudyFixture.tinyConfiguration
    configuration.nway.trials = 120
    try fixture.run(configuration)
  }

  /// A link to an earlier report is followed: the report behind it is replaced, the link kept.
  @Test func aLinkToAnEarlierReportIsFollowedAndKept() throws {
    let fixture = try StudyFixture()
    defer { fixture.remove() }
    try fixture.run()
    let link = fixture.root.appendingPathComponent("latest")
    try FileManager.default.createSymbolicLink(at: link, withDestinationURL: fixture.output)

    var configuration = StudyFixture.tinyConfiguration
    configuration.nway.trials = 120
    let outcome = try fixture.run(configuration, output: link)
    #expect(outcome.reportFolder.path == fixture.output.path)
    #expect(
      try FileManager.default.destinationOfSymbolicLink(atPath: link.path)
        == fixture.output.path)
    let metrics = try ReportFiles.json(link, "metrics.json")
    let rows = try #require(metrics["nway"] as? [[String: Any]])
    #expect(rows.allSatisfy { $0["trials"] as? Int == 120 })
  }
}
