import Foundation
import Reporting

extension ReportText {
  static func externalSummary(_ external: ExternalMetrics) -> String {
    var text =
      "The trained model, unchanged, scored on a second dataset "
      + "(\(Format.file(external.folder)), \(Format.count(external.images, "usable image")), "
      + "\(Format.count(external.rejected)) rejected). Classes matched by name: "
      + (external.matchedClasses.isEmpty
        ? "none" : external.matchedClasses.map(Format.text).joined(separator: ", ")) + "."
    if !external.unknownClasses.isEmpty {
      text +=
        " Classes the model does not know, used as unknown: "
        + external.unknownClasses.map(Format.text).joined(separator: ", ") + "."
    }
    if !external.skipped.isEmpty {
      text += " Skipped: " + external.skipped.map(Format.text).joined(separator: "; ") + "."
    }
    return text + " Images from other hospitals test whether the accuracy transfers."
  }
}

extension ReportTables {
  /// Internal and external figures side by side.
  static func external(_ external: ExternalMetrics, internal results: StudyResults) -> String {
    var rows: [[String]] = []
    for n in Set(external.nway.map(\.n)).sorted() {
      for scorer in ["siamese", "pixels"] {
        let outside = external.nway.first { $0.n == n && $0.scorer == scorer }
        let inside = results.nway.first { $0.n == n && $0.scorer == scorer && $0.split == "test" }
        rows.append([
          "\(n)-way, \(ScorerNames.phrase(scorer))",
          inside.map(Format.accuracyWithInterval) ?? "–",
          outside.map(Format.accuracyWithInterval) ?? "–",
        ])
      }
    }
    rows.append([
      "Assignment accuracy", results.assignment.map { Format.percent($0.accuracy) } ?? "–",
      external.assignment.map { Format.percent($0.accuracy) } ?? "–",
    ])
    rows.append([
      "Unknown-class AUROC", results.unknown.map { String(format: "%.3f", $0.auroc) } ?? "–",
      external.unknown.map { String(format: "%.3f", $0.auroc) } ?? "–",
    ])
    return Markdown.table(
      header: ["Measure", "Internal test split", "External dataset"], rows: rows,
      alignments: [.left, .right, .right])
  }
}
