import Foundation
import Reporting
import Testing

private let base = URL(fileURLWithPath: "/nonexistent-base")

private func body(_ markdown: String) throws -> String {
  let html = try HTMLRenderer.render(
    markdown: markdown, options: HTMLOptions(title: "t", baseDirectory: base))
  let start = try #require(html.range(of: "<main>\n"))
  let end = try #require(html.range(of: "</main>"))
  return String(html[start.upperBound..<end.lowerBound])
}

/// The text a browser would show for a fragment with no tags: undoes the five HTML escapes.
private func unescapeHTML(_ s: String) -> String {
  s.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
    .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
    .replacingOccurrences(of: "&amp;", with: "&")
}

private let hostileNames = [
  "<script>alert(1)</script>", "*x*", "_y_", "[a](javascript:b)", "| pipe", "`code`",
  "&amp;", "# heading", "1. item", "- item", "> quote", "~~gone~~", "www.example.com",
  "https://example.com/x", "mail@example.com", "a\\b", "![i](x.png)", "<https://e.com>",
  "    indented", "trailing  ", "line\nbreak", "**bold** and __bold__", "<!-- c -->", "{{t}}",
  "&#60;", "a|b\\|c",
]

@Test(arguments: hostileNames)
func escapedTextRendersAsLiteralParagraphText(_ name: String) throws {
  let html = try body("Name: " + Markdown.escape(name) + "\n")
  let expected = name.replacingOccurrences(of: "\n", with: " ")
  #expect(html.hasPrefix("<p>") && html.hasSuffix("</p>\n"), "\(html)")
  let inner = String(html.dropFirst(3).dropLast(5)).replacingOccurrences(
    of: "<!-- raw HTML omitted -->", with: "")
  #expect(!inner.contains("<"), "a tag was created: \(html)")
  #expect(unescapeHTML(inner) == "Name: " + expected)
}

@Test(arguments: hostileNames)
func escapedTextIsLiteralInsideATableCell(_ name: String) throws {
  let table = Markdown.table(
    header: ["Class", "Count"], rows: [[Markdown.escape(name), "3"]], alignments: nil)
  let html = try body(table)
  let expected = name.replacingOccurrences(of: "\n", with: " ")
  #expect(html.contains("<table>"))
  let cells = html.replacingOccurrences(of: "<!-- raw HTML omitted -->", with: "")
    .components(separatedBy: "<td>").dropFirst().map {
      String($0.prefix { $0 != "<" })
    }
  // Exactly two cells: a "|" in the name did not split the row.
  #expect(cells.count == 2, "\(html)")
  #expect(cells.first.map(unescapeHTML) == expected, "\(html)")
  #expect(cells.last == "3")
}

@Test func escapeOnlyTouchesPunctuationSpacesAndBreaks() {
  #expect(Markdown.escape("Normal lung 12") == "Normal lung 12")
  #expect(Markdown.escape("a*b") == "a\\*b")
  #expect(Markdown.escape(" x") == "&#32;x")
  #expect(Markdown.escape("a\r\nb") == "a b")
  #expect(Markdown.escape("Ärztin") == "Ärztin")
}

@Test func tableRendersAlignmentsAndPadsShortRows() throws {
  let table = Markdown.table(
    header: ["N", "Accuracy", "Note"], rows: [["2", "0.91"], ["5", "0.74", "ok"]],
    alignments: [.right, .center, .left])
  #expect(table.hasPrefix("| N | Accuracy | Note |\n| ---: | :---: | --- |\n"))
  let html = try body(table)
  #expect(html.contains("<table>"))
  #expect(html.contains("<th align=\"right\">N</th>"))
  #expect(html.contains("<td align=\"center\">0.91</td>"))
  #expect(html.components(separatedBy: "<tr>").count - 1 == 3)
}

@Test func rawHTMLIsOmitted() throws {
  let html = try body(
    "before <b onclick=\"x()\">bold</b> after\n\n<div><script>alert(1)</script></div>\n\n"
      + "<img src=x onerror=alert(1)>\n")
  #expect(!html.contains("<script"))
  #expect(!html.contains("<b "))
  #expect(!html.contains("<div"))
  #expect(!html.contains("onerror"))
  #expect(html.contains("before"))
}

@Test func dangerousLinkSchemesAreDropped() throws {
  let html = try body("[click](javascript:alert(1)) and ![x](javascript:alert(2))\n")
  #expect(!html.lowercased().contains("javascript:"))
}

@Test func smartPunctuationIsOff() throws {
  let html = try body("\"quoted\" -- it's...\n")
  #expect(html.contains("&quot;quoted&quot; -- it's..."))
}
