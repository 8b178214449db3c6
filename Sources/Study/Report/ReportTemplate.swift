import Foundation

/// The narrative of a report: Markdown with placeholders.
///
/// - `{{name}}` inserts a value: a table, a figure, a sentence or a single number.
/// - `{{#name}} … {{/name}}` keeps the enclosed text only when the section `name` applies to
///   this run (for example `external` only when `--external` was given); `{{^name}} … {{/name}}`
///   keeps it only when it does not.
/// - Level-2 headings (`## Title`) are numbered in order after the sections are resolved.
///
/// An unknown placeholder or section name is an error that lists the valid ones, so a typo in a
/// user's template never silently drops a figure.
public struct ReportTemplate: Sendable {
  public let text: String
  public let source: String

  public init(text: String, source: String) {
    self.text = text
    self.source = source
  }

  /// Every placeholder a template may use; in a run, those of sections that do not apply are
  /// empty.
  public static let placeholderNames: [String] = [
    "title", "summary", "parameters.source", "table.parameters", "data.summary", "table.classes",
    "table.rejected", "table.split", "split.statement", "table.duplicates",
    "preprocessing.steps", "figure.preprocessing", "pairs.shapes", "figure.pairs",
    "model.intro", "table.model", "training.summary", "figure.loss", "nway.scorers",
    "table.nway", "figure.nway", "nway.discussion", "table.nway.seen", "figure.nway.seen",
    "embeddings.method", "table.assignment", "figure.confusion", "figure.pca",
    "unknown.method", "figure.roc", "unknown.result", "table.shortcut", "shortcut.statement",
    "external.summary", "table.external", "changes.summary", "table.changes", "run.intro",
    "table.stages", "table.run",
  ]

  /// Every section name a template may use with `{{#name}}` or `{{^name}}`.
  public static let sectionNames = [
    "synthetic", "rejected", "duplicates", "model", "training", "embeddings", "unknown",
    "external", "changes",
  ]

  /// The template shipped with the program.
  public static func builtIn() throws(StudyError) -> ReportTemplate {
    guard
      let url = Bundle.module.url(
        forResource: "report-template", withExtension: "md", subdirectory: "Resources"),
      let text = try? String(contentsOf: url, encoding: .utf8)
    else {
      throw .badConfiguration(
        file: "report-template.md", reason: "the built-in template is missing")
    }
    return ReportTemplate(text: text, source: "built-in")
  }

  public static func load(from url: URL) throws(StudyError) -> ReportTemplate {
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) else {
      throw .badConfiguration(file: url.path, reason: "no such template file (--template)")
    }
    if isFolder.boolValue {
      throw .badConfiguration(
        file: url.path, reason: "is a folder; --template needs a Markdown file")
    }
    guard let text = try? String(contentsOf: url, encoding: .utf8) else {
      throw .badConfiguration(file: url.path, reason: "cannot be read as UTF-8 text")
    }
    return ReportTemplate(text: text, source: url.path)
  }

  /// Fills the template.
  /// - Parameters:
  ///   - values: placeholder name → Markdown to insert.
  ///   - sections: section name → whether it applies.
  /// - Throws: `StudyError.badConfiguration` naming the template, the unknown name and the valid
  ///   ones, or an unclosed section.
  public func render(values: [String: String], sections: [String: Bool]) throws(StudyError)
    -> String
  {
    var output = ""
    var stack: [(name: String, keep: Bool)] = []
    var rest = Substring(text)
    while let open = rest.range(of: "{{") {
      if stack.allSatisfy(\.keep) { output += rest[..<open.lowerBound] }
      guard let close = rest[open.upperBound...].range(of: "}}") else {
        throw fail("has a '{{' without a closing '}}'")
      }
      let tag = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
      rest = rest[close.upperBound...]

      if let first = tag.first, first == "#" || first == "^" {
        let name = String(tag.dropFirst())
        guard let applies = sections[name] else {
          throw fail(
            "uses an unknown section '\(name)'; valid sections: "
              + sections.keys.sorted().joined(separator: ", "))
        }
        stack.append((name, first == "#" ? applies : !applies))
      } else if tag.first == "/" {
        let name = String(tag.dropFirst())
        guard let last = stack.popLast(), last.name == name else {
          throw fail("closes section '\(name)' that is not open")
        }
      } else {
        guard let value = values[tag] else {
          throw fail(
            "uses an unknown placeholder '\(tag)'; valid placeholders: "
              + values.keys.sorted().joined(separator: ", "))
        }
        if stack.allSatisfy(\.keep) { output += value }
      }
    }
    if let open = stack.last { throw fail("never closes section '\(open.name)'") }
    output += rest
    return Self.numberHeadings(Self.collapseBlankLines(output))
  }

  private func fail(_ reason: String) -> StudyError {
    .badConfiguration(file: source == "built-in" ? "report-template.md" : source, reason: reason)
  }

  /// "## Data" → "## 2. Data", counting only level-2 headings outside code fences.
  static func numberHeadings(_ markdown: String) -> String {
    var number = 0
    var inFence = false
    let lines = markdown.split(separator: "\n", omittingEmptySubsequences: false).map { line in
      if line.hasPrefix("```") { inFence.toggle() }
      guard !inFence, line.hasPrefix("## ") else { return String(line) }
      number += 1
      return "## \(number). " + line.dropFirst(3)
    }
    return lines.joined(separator: "\n")
  }

  /// At most one blank line in a row, so removed sections leave no gaps.
  static func collapseBlankLines(_ markdown: String) -> String {
    var result: [Substring] = []
    for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
      if line.trimmingCharacters(in: .whitespaces).isEmpty,
        result.last.map({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) ?? true
      {
        continue
      }
      result.append(line)
    }
    return result.joined(separator: "\n") + "\n"
  }
}
