import Foundation
import Study
import TestSupport
import Testing

/// A generated report opened in headless Chromium: every figure decodes and nothing errs.
///
/// Skipped only where no Chromium is installed (the skip reason is printed by the test runner);
/// CI installs Debian's `chromium`.
@Suite(.serialized, .enabled(if: BrowserCheck.chromiumPath != nil, "Chromium is not installed"))
struct ReportBrowserTests {
  @Test func linkedReportShowsEveryFigure() throws {
    let fixture = try StudyFixture()
    defer { fixture.remove() }
    let folder = try fixture.run().reportFolder
    let markdown = try ReportFiles.text(folder, "report.md")

    let report = try BrowserCheck.check(htmlFile: folder.appendingPathComponent("report.html"))
    #expect(report.errors.isEmpty, "page errors: \(report.errors)")
    #expect(report.images.count == ReportFiles.imageLinks(markdown).count)
    #expect(report.images.count >= 5)
    #expect(report.images.allSatisfy { $0.naturalWidth > 0 }, "\(report.images)")
  }

  @Test func selfContainedReportShowsEveryFigureOnItsOwn() throws {
    let fixture = try StudyFixture()
    defer { fixture.remove() }
    let folder = try fixture.run(selfContained: true).reportFolder

    // A copy of the page alone in another folder can show figures only from its data URIs.
    let alone = fixture.root.appendingPathComponent("alone")
    try FileManager.default.createDirectory(at: alone, withIntermediateDirectories: true)
    let page = alone.appendingPathComponent("report.html")
    try FileManager.default.copyItem(at: folder.appendingPathComponent("report.html"), to: page)

    let report = try BrowserCheck.check(htmlFile: page)
    #expect(report.errors.isEmpty, "page errors: \(report.errors)")
    #expect(report.images.count >= 5)
    #expect(report.images.allSatisfy { $0.src.hasPrefix("data:image/png;base64,") })
    #expect(report.images.allSatisfy { $0.naturalWidth > 0 }, "\(report.images)")
  }

  @Test func hostileNamesRunNoScriptInTheBrowser() throws {
    let fixture = try AwkwardInputTests.hostileFixture()
    defer { fixture.remove() }
    let folder = try fixture.run().reportFolder

    let report = try BrowserCheck.check(htmlFile: folder.appendingPathComponent("report.html"))
    #expect(report.errors.isEmpty, "page errors: \(report.errors)")
    #expect(report.images.allSatisfy { $0.naturalWidth > 0 }, "\(report.images)")
  }
}
