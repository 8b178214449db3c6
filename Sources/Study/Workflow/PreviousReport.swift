import Foundation
import Pipeline

/// `manifest.json` of a report folder: when and how the report was made, the images it used
/// and its headline numbers, so that the next run can say what changed.
struct ReportManifest: Codable {
  var schema = "siamese-report/manifest"
  var schemaVersion = 2
  var program: String
  var startedAt: String
  var seconds: Double
  var stages: [StageRecord]
  var run: RunInformation
  /// class → files used
  var images: [String: [String]]
  /// headline metric name → formatted value
  var headline: [String: String]
  /// image file → SHA-256 of its content; nil in manifests of version 1
  var imageHashes: [String: String]?
  /// every parameter of the run, flattened ("training.maxEpochs" → "50"), with the inputs
  /// that are not in the configuration ("--external", "--template"); nil in version 1
  var parameters: [String: String]?
  /// every file of the report folder, relative, "/"-separated, this manifest included; nil in
  /// version 1. A rerun refuses to replace a folder holding files outside this list.
  var files: [String]?
  /// SHA-256 of the report's text, figures and tables (not the model), so that a rerun can tell
  /// a file the user edited in place from the one the run wrote; nil before version 2.1
  var editableHashes: [String: String]?

  static let fileName = "manifest.json"

  /// `editableHashes` for the report folder being written at `folder`.
  static func editableHashes(below folder: URL) throws -> [String: String] {
    var hashes: [String: String] = [:]
    for file in files(below: folder) where !file.hasPrefix("model/") {
      hashes[file] = try SHA256.hex(fileAt: folder.appendingPathComponent(file))
    }
    return hashes
  }

  /// Relative paths of the files (not folders) below `folder`, sorted; links are listed, not
  /// followed.
  static func files(below folder: URL) -> [String] {
    let manager = FileManager.default
    let walker = manager.enumerator(atPath: folder.path)
    var found: [String] = []
    while let relative = walker?.nextObject() as? String {
      var isFolder: ObjCBool = false
      let path = folder.appendingPathComponent(relative).path
      let isLink = (try? manager.destinationOfSymbolicLink(atPath: path)) != nil
      if isLink || !(manager.fileExists(atPath: path, isDirectory: &isFolder) && isFolder.boolValue)
      {
        found.append(relative)
      }
    }
    return found.sorted()
  }
}

enum PreviousReport {
  static func load(_ folder: URL) -> ReportManifest? {
    try? StageFiles.readJSON(
      ReportManifest.self, from: folder.appendingPathComponent(ReportManifest.fileName))
  }

  /// What differs from the report the output folder held: images added, removed and changed
  /// per class, parameters, and each headline metric old → new; nil when nothing differs or
  /// there was no previous report.
  static func compare(_ old: ReportManifest?, with new: ReportManifest) -> RunComparison? {
    guard let old else { return nil }
    var comparison = RunComparison()
    let oldHashes = old.imageHashes ?? [:]
    let newHashes = new.imageHashes ?? [:]
    for name in Set(old.images.keys).union(new.images.keys) {
      let before = Set(old.images[name] ?? [])
      let now = Set(new.images[name] ?? [])
      let changed = before.intersection(now).filter { file in
        guard let before = oldHashes[file], let after = newHashes[file] else { return false }
        return before != after
      }
      comparison.images[name] = ImageChanges(
        added: now.subtracting(before).count, removed: before.subtracting(now).count,
        changed: changed.count)
    }
    comparison.images = comparison.images.filter { !$0.value.isEmpty }
    // A version 1 manifest recorded no parameters: nothing to compare them with.
    if let oldParameters = old.parameters {
      comparison.parameters = differences(oldParameters, new.parameters ?? [:])
    }
    comparison.metrics = differences(old.headline, new.headline)
    return comparison.isEmpty ? nil : comparison
  }

  /// (name, old, new) for each name whose value differs, "–" standing for absent, in the
  /// order a reader expects: numbers inside names compare as numbers ("5-way" before
  /// "10-way").
  private static func differences(_ old: [String: String], _ new: [String: String])
    -> [(String, String, String)]
  {
    let names = Set(old.keys).union(new.keys).sorted {
      $0.compare($1, options: [.numeric]) == .orderedAscending
    }
    return names.compactMap { name in
      let before = old[name] ?? "–"
      let now = new[name] ?? "–"
      return before == now ? nil : (name, before, now)
    }
  }
}

/// Images of one class that differ from the previous report.
struct ImageChanges: Sendable, Equatable {
  var added = 0
  var removed = 0
  /// same file name, different content
  var changed = 0

  var isEmpty: Bool { added == 0 && removed == 0 && changed == 0 }
}

/// Differences to the report that was in the output folder before this run.
struct RunComparison: Sendable {
  /// class → images added, removed and changed; only classes with a difference
  var images: [String: ImageChanges] = [:]
  /// (parameter, old, new)
  var parameters: [(String, String, String)] = []
  /// (metric, old, new)
  var metrics: [(String, String, String)] = []

  var isEmpty: Bool { images.isEmpty && parameters.isEmpty && metrics.isEmpty }

  var totals: ImageChanges {
    images.values.reduce(into: ImageChanges()) { total, next in
      total.added += next.added
      total.removed += next.removed
      total.changed += next.changed
    }
  }
}
