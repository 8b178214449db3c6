import Foundation

/// The part of `stat(2)` that tells whether a file may have changed: size, modification time and
/// inode. Equal records mean "assume the same bytes"; that is the bargain that makes a rerun
/// cost one `stat` per file instead of a full read.
struct FileStatus: Equatable, Sendable {
  var size: Int64
  var modificationNanoseconds: Int64
  var inode: UInt64

  /// Reads the record with `stat(2)` (following symbolic links, as reading the file would).
  ///
  /// - Throws: `FileSystemError` naming the path; ENOENT is reported as such so callers can
  ///   tell a vanished file from an unreadable one.
  static func read(path: String) throws -> FileStatus {
    var record = stat()
    guard stat(path, &record) == 0 else {
      throw FileSystemError(path: path, operation: "stat", errno: errno)
    }
    let nanoseconds = Int64(record.st_mtim.tv_sec) * 1_000_000_000 + Int64(record.st_mtim.tv_nsec)
    return FileStatus(
      size: Int64(record.st_size), modificationNanoseconds: nanoseconds,
      inode: UInt64(record.st_ino))
  }

  /// Like `read(path:)`, but nil when nothing exists at `path` (ENOENT or ENOTDIR).
  static func readIfPresent(path: String) throws -> FileStatus? {
    do {
      return try read(path: path)
    } catch let error as FileSystemError where error.code == ENOENT || error.code == ENOTDIR {
      return nil
    }
  }

  /// Nanoseconds since 1970 on the real-time clock (the clock file times use).
  static func nowNanoseconds() -> Int64 {
    var now = timespec()
    clock_gettime(CLOCK_REALTIME, &now)
    return Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
  }
}

/// Paths relative to a root folder, with "/" separators, as stored in fingerprints.
enum RelativePath {
  /// `file`'s path below `root`, e.g. "Normal/img1.png".
  ///
  /// - Throws: `FileSystemError` when `file` is not inside `root`.
  static func of(_ file: URL, under root: URL) throws -> String {
    let rootComponents = root.standardizedFileURL.pathComponents
    let fileComponents = file.standardizedFileURL.pathComponents
    guard fileComponents.count > rootComponents.count,
      Array(fileComponents.prefix(rootComponents.count)) == rootComponents
    else {
      throw FileSystemError(
        path: file.path, operation: "fingerprint",
        reason: "the file is not inside the folder \(root.path)")
    }
    return fileComponents.dropFirst(rootComponents.count).joined(separator: "/")
  }
}
