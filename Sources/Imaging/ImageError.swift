/// Why a file cannot be used as an image.
///
/// `description` is one line naming the file and the reason, for logs;
/// `reasonText` is the reason alone, for the report's "Rejected files" table.
public struct ImageError: Error, Equatable, CustomStringConvertible {
  /// The file as the caller named it (typically a path relative to the dataset folder).
  public let file: String
  /// What is wrong with it.
  public let reason: Reason

  /// What is wrong with a file. String payloads carry the format and the decoder's own message,
  /// e.g. `"PNG data (libpng: Not enough image data)"`.
  public enum Reason: Equatable, Sendable {
    /// The file could not be read at all (missing, a folder, no permission); payload says why.
    case unreadable(String)
    /// The file has zero bytes.
    case empty
    /// The bytes start with neither the PNG nor the JPEG signature.
    case notAnImage
    /// The data stops before the image is complete.
    case truncated(String)
    /// The data is complete but the decoder rejects it.
    case corrupt(String)
    /// The header declares more than `limit` pixels; nothing was decoded.
    case tooLarge(width: Int, height: Int, limit: Int)
  }

  public init(file: String, reason: Reason) {
    self.file = file
    self.reason = reason
  }

  /// Short text for a table cell, e.g. "empty file (0 bytes)".
  public var reasonText: String {
    switch reason {
    case .unreadable(let why): return "unreadable (\(why))"
    case .empty: return "empty file (0 bytes)"
    case .notAnImage: return "not a PNG or JPEG image"
    case .truncated(let what): return "truncated \(what)"
    case .corrupt(let what): return "corrupt \(what)"
    case .tooLarge(let width, let height, let limit):
      return "image too large (\(width) x \(height) px, limit \(limit) px)"
    }
  }

  public var description: String { "\(file): \(reasonText)" }
}
