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
    text += excludedCopies(external)
    if !external.unknownClasses.isEmpty {
      text +=
        " Classes the model does not know, used as unknown: "
        + external.unknownClasses.map(Format.text).joined(separator: ", ") + "."
    }
    if !external.skipped.isEmpty {
      text += " Skipped: " + external.skipped.map(Format.text).joined(separator: "; ") + "."
    }
    return text + " Images from other hospitals test whether the accuracy transfers."
      + reusedImages(external)
  }

  /// How many names of excluded files the sentence lists before "and N more".
  static let excludedNamesShown = 10

  /// The external files left out as byte-identical copies of main-dataset images, the ones
  /// the model trained or was selected on named first; empty when none were.
  static func excludedCopies(_ external: ExternalMetrics) -> String {
    guard !external.excluded.isEmpty else { return "" }
    let leaking = external.excludedTrainOrValidation
    let ordered =
      external.excluded.filter(\.leaks) + external.excluded.filter { !$0.leaks }
    var names = ordered.prefix(excludedNamesShown).map {
      "\(Format.file($0.file)) (\(rolePhrase($0.mainRole)) \(Format.file($0.mainFile)))"
    }
    if ordered.count > excludedNamesShown {
      names.append("and \(Format.count(ordered.count - excludedNamesShown)) more")
    }
    return " "
      + "\(Format.count(external.excluded.count, "external file")) left out of every external "
      + "score as byte-identical to main-dataset images, "
      + (leaking == 1
        ? "1 of them a training or validation image of the main dataset: "
        : "\(Format.count(leaking)) of them training or validation images of the main dataset: ")
      + names.joined(separator: ", ") + "."
  }

  private static func rolePhrase(_ role: ExcludedCopy.Role) -> String {
    switch role {
    case .train: "copy of training image"
    case .validation: "copy of validation image"
    case .test: "copy of test image"
    case .unused: "copy of unused image"
    }
  }

  /// A warning when the N-way trials outnumber the distinct images they draw from: the same
  /// images recur across trials, which the Wilson interval (independent trials) ignores.
  static func reusedImages(_ external: ExternalMetrics) -> String {
    let trials = external.nway.map(\.trials).max() ?? 0
    guard external.nwayImages > 0, external.nwayImages < trials else { return "" }
    return " "
      + "The external N-way trials draw on only "
      + "\(Format.count(external.nwayImages, "distinct image")) for "
      + "\(Format.count(trials, "trial")) per row, so trials reuse images and are not "
      + "independent: the intervals below understate the uncertainty."
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
