import Foundation
import Study
import Testing

/// Issue 5: "Changes since the previous run" says what differs from the report a run replaced:
/// images, parameters and headline figures.
@Suite(.serialized) struct RunComparisonTests {
  private func changesSection(_ folder: URL) throws -> String {
    let markdown = try ReportFiles.text(folder, "report.md")
    let start = try #require(markdown.range(of: "Changes since the previous run"))
    let rest = markdown[start.upperBound...]
    let end = rest.range(of: "\n#")?.lowerBound ?? rest.endIndex
    return String(rest[..<end])
  }

  @Test func listsChangedParametersAndImagesAndOrdersFiguresByN() throws {
    let fixture = try StudyFixture()
    defer { fixture.remove() }
    var configuration = StudyFixture.tinyConfiguration
    configuration.nway.ways = [2, 10]
    try fixture.run(configuration)
    let first = try ReportFiles.text(fixture.output, "report.md")
    #expect(!first.contains("Changes since the previous run"))

    // Same file name, other content: a changed image, neither added nor removed.
    let normal = fixture.data.appendingPathComponent("Normal")
    try FileManager.default.removeItem(at: normal.appendingPathComponent("Normal-003.png"))
    try FileManager.default.copyItem(
      at: normal.appendingPathComponent("Normal-004.png"),
      to: normal.appendingPathComponent("Normal-003.png"))
    configuration.nway.trials = 150
    try fixture.run(configuration)

    let section = try changesSection(fixture.output)
    #expect(section.contains("0 images added, 0 removed and 1 changed"), "\(section)")
    #expect(section.contains("| `nway.trials` | `100` | `150` |"), "\(section)")
    #expect(section.contains("+0 / −0 / 1 changed"), "\(section)")
    let twoWay = try #require(section.range(of: "| 2-way"), "\(section)")
    let tenWay = try #require(section.range(of: "| 10-way"), "\(section)")
    #expect(twoWay.lowerBound < tenWay.lowerBound, "\(section)")
  }
}
