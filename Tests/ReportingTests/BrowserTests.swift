import Foundation
import Reporting
import TestSupport
import Testing

/// Writes a report with two figures and loads it in headless Chromium. The figure files exist
/// only in the linked report's folder, so the self-contained page can show them only through
/// its data URIs.
private func browserCheck(selfContained: Bool) throws -> BrowserReport {
  let root = try TemporaryDirectory.make()
  defer { try? FileManager.default.removeItem(at: root) }
  let figures = root.appendingPathComponent("linked/figures")
  try FileManager.default.createDirectory(at: figures, withIntermediateDirectories: true)
  for name in ["first.png", "second figure.png"] {
    try Data(onePixelPNG).write(to: figures.appendingPathComponent(name))
  }
  let markdown =
    "# Browser check\n\n## Figures\n\n"
    + Markdown.image(path: "figures/first.png", alt: "First", caption: "The first figure")
    + Markdown.image(
      path: "figures/second figure.png", alt: "Second", caption: "The <second> figure")

  let base = root.appendingPathComponent("linked")
  let html = try HTMLRenderer.render(
    markdown: markdown,
    options: HTMLOptions(title: "Check", selfContained: selfContained, baseDirectory: base))
  let folder = root.appendingPathComponent(selfContained ? "alone" : "linked")
  try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
  let page = folder.appendingPathComponent("index.html")
  try Data(html.utf8).write(to: page)
  return try BrowserCheck.check(htmlFile: page)
}

// Skipped when no Chromium is installed: the check needs a real browser, and the other
// ReportingTests cover the HTML text itself.
@Test(.enabled(if: BrowserCheck.chromiumPath != nil, "Chromium is not installed"))
func linkedFiguresLoadInABrowser() throws {
  let report = try browserCheck(selfContained: false)
  #expect(report.images.map(\.src) == ["figures/first.png", "figures/second%20figure.png"])
  #expect(report.images.allSatisfy { $0.naturalWidth > 0 }, "\(report.images)")
  #expect(report.errors == [])
}

@Test(.enabled(if: BrowserCheck.chromiumPath != nil, "Chromium is not installed"))
func selfContainedFiguresLoadInABrowser() throws {
  let report = try browserCheck(selfContained: true)
  #expect(report.images.count == 2)
  #expect(report.images.allSatisfy { $0.src.hasPrefix("data:image/png;base64,") })
  #expect(report.images.allSatisfy { $0.naturalWidth > 0 }, "\(report.images)")
  #expect(report.errors == [])
}

// The probe itself must be able to fail: a missing figure has to show up as an error.
@Test(.enabled(if: BrowserCheck.chromiumPath != nil, "Chromium is not installed"))
func aBrokenFigureIsReportedByTheBrowser() throws {
  let root = try TemporaryDirectory.make()
  defer { try? FileManager.default.removeItem(at: root) }
  let html = try HTMLRenderer.render(
    markdown: Markdown.image(path: "nowhere.png", alt: "Gone", caption: "Missing"),
    options: HTMLOptions(title: "Broken", baseDirectory: root))
  let page = root.appendingPathComponent("index.html")
  try Data(html.utf8).write(to: page)
  let report = try BrowserCheck.check(htmlFile: page)
  #expect(report.images == [.init(src: "nowhere.png", naturalWidth: 0)])
  #expect(report.errors.contains { $0.contains("nowhere.png") }, "\(report.errors)")
}
