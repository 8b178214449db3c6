import Foundation
import Reporting

/// The tables of a report, as Markdown.
enum ReportTables {
  /// Every setting with its value, marking those that differ from the defaults, the demo
  /// settings as unused when the data is not the demo set, and held-out names the dataset
  /// lacks.
  static func parameters(
    _ configuration: StudyConfiguration, synthetic: Bool, classes: [String]
  ) -> String {
    let absent = configuration.unknownClass.heldOut.filter { !classes.contains($0) }
    let defaults = Dictionary(
      uniqueKeysWithValues: StudyConfiguration().flattened.map { ($0.key, $0.value) })
    let rows = configuration.flattened.map { entry -> [String] in
      let changed = defaults[entry.key] != entry.value
      var notes: [String] = []
      if changed { notes.append("● (default `\(defaults[entry.key] ?? "none")`)") }
      if !synthetic && entry.key.hasPrefix("demo.") {
        notes.append("not used: the data is not the demo set")
      }
      if entry.key == "unknownClass.heldOut" && !absent.isEmpty {
        notes.append(
          "not in this dataset, so not held out: "
            + absent.map(Format.text).joined(separator: ", "))
      }
      return ["`\(entry.key)`", "`\(entry.value)`", notes.joined(separator: " ")]
    }
    return Markdown.table(
      header: ["Parameter", "Value", "Changed"], rows: rows, alignments: [.left, .left, .left])
  }

  static func classes(_ results: StudyResults) -> String {
    let data = results.prepared
    var rows: [[String]] = []
    for (label, name) in data.classes.enumerated() {
      let images = data.images.filter { $0.label == label }
      let patients = Set(images.compactMap(\.entry.patientID)).count
      let rejected = data.rejected.filter { $0.file.hasPrefix(name + "/") }.count
      let widths = images.map(\.originalWidth)
      let heights = images.map(\.originalHeight)
      let sizes =
        images.isEmpty
        ? "–"
        : "\(widths.min()!)–\(widths.max()!) × \(heights.min()!)–\(heights.max()!)"
      let brightness =
        images.isEmpty
        ? "–"
        : String(
          format: "%.2f", images.map(\.meanBrightness).reduce(0, +) / Double(images.count))
      rows.append([
        Format.text(name), Format.count(images.count),
        patients == 0 ? "–" : Format.count(patients), Format.count(rejected), sizes, brightness,
      ])
    }
    return Markdown.table(
      header: ["Class", "Images", "Patients", "Rejected", "Original size (px)", "Mean brightness"],
      rows: rows, alignments: [.left, .right, .right, .right, .right, .right])
  }

  static func rejected(_ rejected: [RejectedFile]) -> String {
    Markdown.table(
      header: ["File", "Reason"],
      rows: rejected.map { [Format.file($0.file), Format.text($0.reason)] },
      alignments: [.left, .left])
  }

  static func split(_ results: StudyResults) -> String {
    let data = results.prepared
    var rows: [[String]] = []
    for (label, name) in data.classes.enumerated() {
      var row = [Format.text(name)]
      for split in Split.allCases {
        let members = data.images.indices.filter {
          data.images[$0].label == label && results.split.splitOfImage[$0] == split
        }
        let patients = Set(members.map { results.split.groupOfImage[$0] }).count
        row.append("\(members.count) (\(patients))")
      }
      rows.append(row)
    }
    var totals = ["**All**"]
    for split in Split.allCases {
      let members = results.split.images(in: split)
      let groups = Set(members.map { results.split.groupOfImage[$0] }).count
      totals.append("**\(members.count)** (\(groups))")
    }
    rows.append(totals)
    return Markdown.table(
      header: ["Class", "Training: images (groups)", "Validation", "Test"], rows: rows,
      alignments: [.left, .right, .right, .right])
  }

  static func duplicates(_ data: PreparedData) -> String {
    let rows = data.duplicates.map { pair in
      [
        Format.file(data.images[pair.first].entry.file),
        Format.file(data.images[pair.second].entry.file), pair.kind,
      ]
    }
    return Markdown.table(
      header: ["Image", "Same picture as", "Found by"], rows: rows,
      alignments: [.left, .left, .left])
  }

  /// One row per N, one column per scorer: "accuracy [low, high]".
  static func nway(_ results: [NWayResult], split: String) -> String {
    let rows = results.filter { $0.split == split }
    let scorers = ReportFigures.orderedScorers(rows)
    let ways = Set(rows.map(\.n)).sorted()
    let body = ways.map { n -> [String] in
      var row = ["\(n)", Format.percent(1 / Double(n))]
      for scorer in scorers {
        let result = rows.first { $0.n == n && $0.scorer == scorer }
        row.append(result.map(Format.accuracyWithInterval) ?? "–")
      }
      return row
    }
    return Markdown.table(
      header: ["N", "Chance"] + scorers.map(ScorerNames.label), rows: body,
      alignments: [.right, .right] + scorers.map { _ in .right })
  }

  static func stages(_ records: [StageRecord]) -> String {
    Markdown.table(
      header: ["Stage", "This run", "Why", "Time"],
      rows: records.map {
        [$0.name, $0.action, Format.text($0.reason), formatDuration($0.seconds)]
      },
      alignments: [.left, .left, .left, .right])
  }

  static func run(
    _ info: RunInformation, configurationSource: String, dataFolder: String,
    history: TrainingHistory
  ) -> String {
    let rows: [[String]] = [
      [
        "Training",
        "\(Format.count(history.steps, "step")) in \(formatDuration(history.seconds)), "
          + String(format: "%.1f pairs/s", history.pairsPerSecond),
      ],
      ["Data folder", Format.file(dataFolder)],
      [
        "Data fingerprint",
        "\(Format.count(info.imageCount, "file")), tree hash `\(info.dataFingerprint.prefix(16))`",
      ],
      ["Configuration", Format.file(configurationSource)],
      ["Seed", "\(info.seed)"],
      ["Program", Format.text(info.programVersion)],
      ["Swift", Format.text(info.swiftVersion)],
      [
        "BLAS",
        "OpenBLAS core \(Format.text(info.blasCore)), \(Format.count(info.threads, "thread"))",
      ],
      ["CPU", Format.text(info.cpu)],
      ["Started", info.startedAt],
      ["Duration", formatDuration(info.seconds)],
    ]
    return Markdown.table(header: ["", ""], rows: rows, alignments: [.left, .left])
  }
}
