import Foundation

/// Scratch folders for tests.
public enum TemporaryDirectory {
  /// Creates a new, empty, uniquely named folder under the system temporary directory and
  /// returns its URL. The caller removes it (`defer { try? FileManager.default.removeItem(...) }`).
  /// - Throws: the file-system error when the folder cannot be created.
  public static func make(prefix: String = "siamese-report-test") throws -> URL {
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("\(prefix)-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }
}
