import Foundation
import Reporting

/// Formatting shared by every table and sentence of the report.
enum Format {
  /// "0.312"
  static func accuracy(_ value: Double) -> String { String(format: "%.3f", value) }

  /// "31.2 %"
  static func percent(_ value: Double, digits: Int = 1) -> String {
    String(format: "%.\(digits)f %%", value * 100)
  }

  /// "31.2 % [28.4, 34.1]"
  static func accuracyWithInterval(_ result: NWayResult) -> String {
    percent(result.accuracy) + " [" + String(format: "%.1f", result.ci95[0] * 100) + ", "
      + String(format: "%.1f", result.ci95[1] * 100) + "]"
  }

  /// "1,972"
  static func count(_ value: Int) -> String {
    let digits = String(value)
    var result = ""
    for (offset, character) in digits.reversed().enumerated() {
      if offset > 0 && offset % 3 == 0 { result.append(",") }
      result.append(character)
    }
    return String(result.reversed())
  }

  /// "1 image", "1,972 images": the count and the noun, singular for exactly one.
  static func count(_ value: Int, _ noun: String, plural: String? = nil) -> String {
    count(value) + " " + (value == 1 ? noun : plural ?? noun + "s")
  }

  /// Escaped text from data (file and class names) for Markdown.
  static func text(_ value: String) -> String { Markdown.escape(value) }

  /// Code span for file names, safe inside table cells ("|" is escaped, which GFM tables undo
  /// inside spans). Backticks cannot be escaped in a span, so such names fall back to escaped
  /// plain text.
  static func file(_ value: String) -> String {
    if value.contains("`") || value.contains("\n") { return Markdown.escape(value) }
    return "`" + value.replacingOccurrences(of: "|", with: "\\|") + "`"
  }
}
