import Foundation
import Reporting
import TestSupport
import Testing

/// A 1x1 opaque PNG, small enough to keep inline.
let onePixelPNG: [UInt8] = [
  0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
  0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x00, 0x00, 0x00, 0x90, 0x77, 0x53,
  0xDE, 0x00, 0x00, 0x00, 0x0C, 0x49, 0x44, 0x41, 0x54, 0x08, 0xD7, 0x63, 0xF8, 0xCF, 0xC0, 0x00,
  0x00, 0x03, 0x01, 0x01, 0x00, 0x18, 0xDD, 0x8D, 0xB0, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E,
  0x44, 0xAE, 0x42, 0x60, 0x82,
]

private func render(
  _ markdown: String, title: String = "Report", selfContained: Bool = false,
  base: URL = URL(fileURLWithPath: "/nonexistent-base")
) throws -> String {
  try HTMLRenderer.render(
    markdown: markdown,
    options: HTMLOptions(title: title, selfContained: selfContained, baseDirectory: base))
}

/// All values of `attribute="..."` in order.
private func attributeValues(_ attribute: String, in html: String) -> [String] {
  html.components(separatedBy: " \(attribute)=\"").dropFirst().map {
    String($0.prefix { $0 != "\"" })
  }
}

@Test func thePageIsCompleteAndSelfSufficient() throws {
  let html = try render("# Study\n\nText.\n", title: "Run <1> & \"2\"")
  #expect(html.hasPrefix("<!doctype html>\n"))
  #expect(html.contains("<meta charset=\"utf-8\">"))
  #expect(html.contains("<title>Run &lt;1&gt; &amp; &quot;2&quot;</title>"))
  #expect(html.contains("<style>"))
  #expect(!html.contains("<script"))
  #expect(!html.contains("<link"))
  #expect(!html.contains("http://") && !html.contains("https://"))
  #expect(html.contains("<h1 id=\"study\">Study</h1>"))
}

@Test func headingIDsAreDerivedFromTextAndUnique() throws {
  let html = try render(
    "# Report\n\n## Results\n\n### Accuracy vs N\n\n## Results\n\n### Accuracy vs N\n\n"
      + "## Results 2\n\n## ¿¿\n\n## *Emph* `code`\n")
  let ids = attributeValues("id", in: html)
  #expect(
    ids == [
      "report", "results", "accuracy-vs-n", "results-2", "accuracy-vs-n-2", "results-2-2",
      "section", "emph-code",
    ])
  #expect(Set(ids).count == ids.count)
  #expect(try render("## A\n\n## A\n") == render("## A\n\n## A\n"))
}

@Test func theTableOfContentsNestsH3UnderH2AfterTheTitle() throws {
  let html = try render("# Title\n\nIntro.\n\n## Data\n\n### Split\n\n### Pairs\n\n## Results\n")
  let nav = try #require(html.range(of: "<nav class=\"toc\""))
  let h1 = try #require(html.range(of: "<h1"))
  let intro = try #require(html.range(of: "<p>Intro.</p>"))
  #expect(h1.lowerBound < nav.lowerBound && nav.lowerBound < intro.lowerBound)
  #expect(
    html.contains(
      "<li><a href=\"#data\">Data</a>\n<ul>\n<li><a href=\"#split\">Split</a></li>\n"
        + "<li><a href=\"#pairs\">Pairs</a></li>\n</ul>\n</li>\n"
        + "<li><a href=\"#results\">Results</a>"
    ))
  #expect(!(try render("# Only a title\n\nText.\n")).contains("<nav"))
}

@Test func anImageParagraphBecomesAFigureWithCaption() throws {
  let markdown =
    "Text before.\n\n"
    + Markdown.image(
      path: "figures/roc curve.png", alt: "ROC <curve>", caption: "ROC of *all* @scorers \"1\"")
  let html = try render(markdown)
  #expect(html.contains("<figure>\n<img src=\"figures/roc%20curve.png\" alt=\"ROC &lt;curve&gt;\""))
  #expect(html.contains("<figcaption>ROC of *all* @scorers &quot;1&quot;</figcaption>\n</figure>"))
  #expect(!html.contains("<p><img"))
  // An image inside running text stays inline.
  let inline = try render("See ![x](a.png) here.\n")
  #expect(!inline.contains("<figure>"))
}

@Test func selfContainedModeEmbedsFiguresAsDataURIs() throws {
  let folder = try TemporaryDirectory.make()
  defer { try? FileManager.default.removeItem(at: folder) }
  try FileManager.default.createDirectory(
    at: folder.appendingPathComponent("fig"), withIntermediateDirectories: true)
  try Data(onePixelPNG).write(to: folder.appendingPathComponent("fig/a b.png"))
  let markdown = Markdown.image(path: "fig/a b.png", alt: "A", caption: "First")
  let embedded = try render(markdown, selfContained: true, base: folder)
  let src = try #require(attributeValues("src", in: embedded).first)
  #expect(src == "data:image/png;base64," + Data(onePixelPNG).base64EncodedString())
  let linked = try render(markdown, selfContained: false, base: folder)
  #expect(attributeValues("src", in: linked) == ["fig/a%20b.png"])
}

@Test func aMissingFigureIsAnErrorNamingIt() throws {
  let folder = try TemporaryDirectory.make()
  defer { try? FileManager.default.removeItem(at: folder) }
  let markdown = Markdown.image(path: "missing.png", alt: "M", caption: "Missing")
  #expect(
    throws: ReportingError.missingFigure(
      path: folder.appendingPathComponent("missing.png").path, reference: "missing.png")
  ) {
    try render(markdown, selfContained: true, base: folder)
  }
  #expect(throws: ReportingError.remoteFigure(url: "https://example.com/x.png")) {
    try render("![r](https://example.com/x.png)\n", selfContained: true, base: folder)
  }
  // Not self-contained: nothing is read, so a missing file is the browser's business.
  #expect(try render(markdown, base: folder).contains("missing.png"))
}

@Test func strikethroughAndAutolinksWork() throws {
  let html = try render("~~old~~ see https://example.org\n")
  #expect(html.contains("<del>old</del>"))
  #expect(html.contains("<a href=\"https://example.org\">"))
}
