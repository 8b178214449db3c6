import Foundation

/// Writes `data` to `url` so that readers see either the old file or the complete new one, never
/// a part: the bytes go to a temporary file in the same folder, are flushed to disk (`fsync`),
/// and the temporary file is renamed over `url` (`rename(2)` is atomic within a file system).
///
/// The parent folder must exist. A crash can leave a `.<name>.tmp-<pid>-<n>` file behind; it is
/// never mistaken for the real file.
///
/// - Throws: `FileSystemError` naming the file when writing or renaming fails; the temporary file
///   is removed in that case.
public func writeAtomically(_ data: Data, to url: URL) throws {
  let folder = url.deletingLastPathComponent()
  let temporary = folder.appendingPathComponent(
    ".\(url.lastPathComponent).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
  let path = temporary.path

  let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
  guard descriptor >= 0 else {
    throw FileSystemError(path: url.path, operation: "create a temporary file for", errno: errno)
  }
  do {
    defer { close(descriptor) }
    try data.withUnsafeBytes { buffer in
      var offset = 0
      while offset < buffer.count {
        let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
        if written < 0 {
          if errno == EINTR { continue }
          throw FileSystemError(path: url.path, operation: "write", errno: errno)
        }
        offset += written
      }
    }
    guard fsync(descriptor) == 0 else {
      throw FileSystemError(path: url.path, operation: "flush", errno: errno)
    }
  } catch {
    unlink(path)
    throw error
  }

  guard rename(path, url.path) == 0 else {
    let code = errno
    unlink(path)
    throw FileSystemError(path: url.path, operation: "rename a temporary file onto", errno: code)
  }
}

/// JSON with sorted keys and unescaped slashes, so the same value always gives the same bytes.
enum CanonicalJSON {
  static func encoder(pretty: Bool) -> JSONEncoder {
    let encoder = JSONEncoder()
    encoder.outputFormatting =
      pretty
      ? [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted]
      : [.sortedKeys, .withoutEscapingSlashes]
    encoder.nonConformingFloatEncodingStrategy = .convertToString(
      positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    return encoder
  }

  /// Pretty, sorted JSON followed by a newline, for files people may read.
  static func fileData(_ value: some Encodable) throws -> Data {
    var data = try encoder(pretty: true).encode(value)
    data.append(0x0a)
    return data
  }
}
