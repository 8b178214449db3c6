import Foundation
import Pipeline

/// The data scan: every candidate file with its content hash, class and patient.
struct ScanResult: Codable {
  var fingerprints: [FileFingerprint]
  var entries: [ImageEntry]
  var classes: [String]

  /// Hash of the data as the later stages see it: file paths and contents, classes and
  /// patient ids. Unchanged when only modification times change.
  var hash: String {
    var hasher = SHA256.Hasher()
    hasher.update(string: FileFingerprint.treeHash(fingerprints) + "\n")
    for entry in entries {
      hasher.update(string: "\(entry.file)\t\(entry.className)\t\(entry.patientID ?? "")\n")
    }
    return hasher.finalize()
  }

  static func latestURL(_ folder: URL) -> URL {
    folder.appendingPathComponent("scan-latest.json")
  }

  static func loadLatest(from folder: URL) -> ScanResult? {
    try? StageFiles.readJSON(ScanResult.self, from: latestURL(folder))
  }

  func saveLatest(to folder: URL) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    try writeAtomically(encoder.encode(self), to: Self.latestURL(folder))
  }
}
