import Foundation
import Study
import Testing

/// Issue 5: two runs with the same inputs, seed and thread count write the same bytes.
@Suite struct ByteIdentityTests {
  @Test func twoRunsWithSeparateCachesWriteTheSameBytes() throws {
    let fixture = try StudyFixture()
    defer { fixture.remove() }
    // Two parent folders, so that each run has its own cache beside its report folder.
    let first = fixture.root.appendingPathComponent("one/reports/phantoms")
    let second = fixture.root.appendingPathComponent("two/reports/phantoms")
    try fixture.run(output: first)
    try fixture.run(output: second)
    #expect(
      FileManager.default.fileExists(
        atPath: fixture.root.appendingPathComponent("two/reports/.siamese-cache").path))

    for name in [
      "model/weights.safetensors", "model/prototypes.safetensors", "model/model.json",
      "split.csv",
    ] {
      #expect(try bytes(first, name) == bytes(second, name), "\(name) differs")
    }
    let figures = try FileManager.default.contentsOfDirectory(
      atPath: first.appendingPathComponent("figures").path
    ).sorted()
    #expect(
      try FileManager.default.contentsOfDirectory(
        atPath: second.appendingPathComponent("figures").path
      ).sorted() == figures)
    #expect(!figures.isEmpty)
    for figure in figures {
      #expect(
        try bytes(first, "figures/" + figure) == bytes(second, "figures/" + figure),
        "figures/\(figure) differs")
    }

    #expect(
      try ReportFiles.canonical(ReportFiles.metricsWithoutTiming(first))
        == ReportFiles.canonical(ReportFiles.metricsWithoutTiming(second)),
      "metrics.json differs outside training.seconds and training.pairsPerSecond")

    let markdown = try [first, second].map {
      ReportFiles.before(". Run information\n", in: try ReportFiles.text($0, "report.md"))
    }
    #expect(markdown[0].count > 1000)
    #expect(markdown[0] == markdown[1], "report.md differs before Run information")

    // The page's table of contents names the section too; cut at its heading, the last mention.
    let html = try [first, second].map { folder in
      let page = try ReportFiles.text(folder, "report.html")
      let heading = page.range(of: "Run information", options: .backwards)
      return heading.map { String(page[..<$0.lowerBound]) } ?? page
    }
    #expect(html[0].count > 1000)
    #expect(html[0] == html[1], "report.html differs before Run information")
  }

  func bytes(_ folder: URL, _ name: String) throws -> Data {
    try Data(contentsOf: folder.appendingPathComponent(name))
  }
}
