import Foundation
import Phantoms
import Study
import Testing

/// `--external DIR`: the trained model scored on a second dataset, beside the internal figures.
@Suite struct ExternalValidationTests {
  /// Another draw of phantoms (seed 2) in `root/external`, standing in for images from another
  /// hospital, with `without` removed from it, and the request that scores it.
  private func externalRequest(_ fixture: StudyFixture, without: [String] = []) throws
    -> (folder: URL, request: RunRequest)
  {
    let external = fixture.root.appendingPathComponent("external")
    try Phantoms.writeDataset(to: external, perClass: 12, seed: 2)
    for name in without {
      try FileManager.default.removeItem(at: external.appendingPathComponent(name))
    }
    var request = fixture.request()
    request.externalFolder = external
    return (external, request)
  }

  @Test func secondDatasetIsScoredAndReportedBesideTheInternalFigures() throws {
    let fixture = try StudyFixture()
    defer { fixture.remove() }
    let (_, request) = try externalRequest(fixture)
    _ = try StudyRunner.run(request, log: Log(quiet: true))

    let metrics = try ReportFiles.json(fixture.output, "metrics.json")
    let rows = try #require(metrics["nway"] as? [[String: Any]])
    let externalRows = rows.filter { $0["split"] as? String == "external" }
    #expect(Set(externalRows.compactMap { $0["scorer"] as? String }) == ["siamese", "pixels"])
    for row in externalRows {
      let accuracy = try #require(row["accuracy"] as? Double)
      let interval = try #require(row["ci95"] as? [Double])
      #expect(interval[0] <= accuracy && accuracy <= interval[1])
    }

    let summary = try #require(metrics["external"] as? [String: Any])
    #expect(summary["matchedClasses"] as? [String] == ["Bacteria", "COVID-19", "Normal"])
    #expect(summary["unknownClasses"] as? [String] == ["Virus"])
    #expect((summary["assignment"] as? [String: Any])?["split"] as? String == "external")
    let auroc = try #require((summary["unknown"] as? [String: Any])?["auroc"] as? Double)
    #expect((0...1).contains(auroc))

    // Two draws of phantoms share no file, so nothing is left out.
    #expect(summary["excludedDuplicates"] as? Int == 0)
    #expect(summary["excludedTrainOrValidation"] as? Int == 0)

    let report = try ReportFiles.text(fixture.output, "report.md")
    #expect(report.contains("External validation"))
    #expect(report.contains("| Measure | Internal test split | External dataset |"))
    #expect(!report.contains("byte-identical"))

    // 12 images in each of the 3 matched classes, for 100 trials per row: trials reuse images.
    #expect(summary["nwayImages"] as? Int == 36)
    #expect(report.contains("draw on only 36 distinct images for 100 trials per row"))
  }

  /// A copy of a main training image (and of a test image) in the external dataset would let
  /// the external figures score images the model was fitted on: both are left out and named.
  @Test func externalCopiesOfMainImagesAreLeftOutCountedAndNamed() throws {
    let fixture = try StudyFixture()
    defer { fixture.remove() }
    var (external, request) = try externalRequest(fixture)
    // Fewer trials than the 36 matched external images: no note on reused images.
    request.configuration.nway.trials = 30
    var first = request
    first.externalFolder = nil
    _ = try StudyRunner.run(first, log: Log(quiet: true))

    let splits = try ReportFiles.splitOfFile(fixture.output)
    func file(in folder: String, _ split: String) throws -> String {
      try #require(splits.keys.sorted().first { $0.hasPrefix(folder) && splits[$0] == split })
    }
    let trainFile = try file(in: "Normal/", "train")
    let testFile = try file(in: "Bacteria/", "test")
    let copies = [(trainFile, "Normal/from-main.png"), (testFile, "Bacteria/also-main.png")]
    for (file, copy) in copies {
      try FileManager.default.copyItem(
        at: fixture.data.appendingPathComponent(file),
        to: external.appendingPathComponent(copy))
    }
    _ = try StudyRunner.run(request, log: Log(quiet: true))

    let metrics = try ReportFiles.json(fixture.output, "metrics.json")
    let summary = try #require(metrics["external"] as? [String: Any])
    #expect(summary["excludedDuplicates"] as? Int == 2)
    #expect(summary["excludedTrainOrValidation"] as? Int == 1)
    // Scored as if the copies were not there: 4 classes of 12 phantoms, 3 of them matched.
    #expect(summary["images"] as? Int == 48)
    #expect(summary["nwayImages"] as? Int == 36)

    let report = try ReportFiles.text(fixture.output, "report.md")
    #expect(report.contains("2 external files left out of every external score"))
    #expect(report.contains("1 of them a training or validation image of the main dataset"))
    #expect(report.contains("`Normal/from-main.png` (copy of training image `\(trainFile)`)"))
    #expect(report.contains("`Bacteria/also-main.png` (copy of test image `\(testFile)`)"))
    #expect(!report.contains("distinct images for"))
  }

  /// The held-out check is for the main dataset: an external one may lack a held-out class.
  @Test func externalDatasetWithoutTheHeldOutClassIsScored() throws {
    let fixture = try StudyFixture()
    defer { fixture.remove() }
    let (_, request) = try externalRequest(fixture, without: ["Virus", "metadata.csv"])
    _ = try StudyRunner.run(request, log: Log(quiet: true))

    let metrics = try ReportFiles.json(fixture.output, "metrics.json")
    let summary = try #require(metrics["external"] as? [String: Any])
    #expect(summary["matchedClasses"] as? [String] == ["Bacteria", "COVID-19", "Normal"])
    #expect(summary["unknownClasses"] as? [String] == [])
  }

  @Test func changingTheExternalDatasetLeavesTrainingCached() throws {
    let fixture = try StudyFixture()
    defer { fixture.remove() }
    let (external, request) = try externalRequest(fixture)
    _ = try StudyRunner.run(request, log: Log(quiet: true))

    let normal = external.appendingPathComponent("Normal")
    try FileManager.default.copyItem(
      at: normal.appendingPathComponent("Normal-001.png"),
      to: normal.appendingPathComponent("Normal-copy.png"))
    let again = try StudyRunner.run(request, log: Log(quiet: true))
    #expect(again.ran == ["evaluation", "figures", "report"])
  }
}
