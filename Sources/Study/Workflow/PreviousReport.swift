import Foundation

/// `manifest.json` of a report folder: when and how the report was made, the images it used
/// and its headline numbers, so that the next run can say what changed.
struct ReportManifest: Codable {
  var schema = "siamese-report/manifest"
  var schemaVersion = 1
  var program: String
  var startedAt: String
  var seconds: Double
  var stages: [StageRecord]
  var run: RunInformation
  /// class → files used
  var images: [String: [String]]
  /// headline metric name → formatted value
  var headline: [String: String]

  static let fileName = "manifest.json"
}

enum PreviousReport {
  static func load(_ folder: URL) -> ReportManifest? {
    try? StageFiles.readJSON(
      ReportManifest.self, from: folder.appendingPathComponent(ReportManifest.fileName))
  }

  /// Images added and removed per class and each headline metric old → new; nil when nothing
  /// changed or there was no previous report.
  static func compare(
    _ old: ReportManifest?, images: [String: [String]], headline: [String: String]
  )
    -> RunComparison?
  {
    guard let old else { return nil }
    var added: [String: Int] = [:]
    var removed: [String: Int] = [:]
    for name in Set(old.images.keys).union(images.keys) {
      let before = Set(old.images[name] ?? [])
      let now = Set(images[name] ?? [])
      let plus = now.subtracting(before).count
      let minus = before.subtracting(now).count
      if plus > 0 { added[name] = plus }
      if minus > 0 { removed[name] = minus }
    }
    var metrics: [(String, String, String)] = []
    for name in Set(old.headline.keys).union(headline.keys).sorted() {
      let before = old.headline[name] ?? "–"
      let now = headline[name] ?? "–"
      if before != now { metrics.append((name, before, now)) }
    }
    if added.isEmpty && removed.isEmpty && metrics.isEmpty { return nil }
    return RunComparison(addedByClass: added, removedByClass: removed, metrics: metrics)
  }
}
