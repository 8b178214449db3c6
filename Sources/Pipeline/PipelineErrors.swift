import Foundation

/// A file or folder operation failed; the message names the path, what was being done and the
/// system's reason, e.g. `cannot open /data/Normal/x.png: Permission denied`.
public struct FileSystemError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The path the operation was applied to.
  public let path: String
  /// What was being done: "open", "read", "stat", "write", "rename", "create folder", ...
  public let operation: String
  /// Why it failed, in words (the `strerror` text for system calls).
  public let reason: String

  /// The `errno` value when a system call failed, nil otherwise.
  public let code: Int32?

  public init(path: String, operation: String, reason: String, code: Int32? = nil) {
    self.path = path
    self.operation = operation
    self.reason = reason
    self.code = code
  }

  init(path: String, operation: String, errno code: Int32) {
    self.init(
      path: path, operation: operation, reason: String(cString: strerror(code)), code: code)
  }

  public var description: String { "cannot \(operation) \(path): \(reason)" }
}

/// An input file changed while the run was using it, so a result computed from it would be
/// recorded for bytes that are no longer there.
public struct InputChangedError: Error, Sendable, Equatable, CustomStringConvertible {
  /// How the file differs from the fingerprint taken before the stage ran.
  public enum Change: Sendable, Equatable {
    /// The file is gone (deleted or renamed away).
    case disappeared
    /// The size changed, in bytes.
    case size(old: Int64, new: Int64)
    /// The modification time changed, in nanoseconds since 1970.
    case modificationTime(old: Int64, new: Int64)
    /// The file was replaced by another one (new inode), e.g. saved by an editor via rename.
    case replaced
  }

  /// The file's path relative to the root it was fingerprinted under.
  public let file: String
  public let change: Change

  public init(file: String, change: Change) {
    self.file = file
    self.change = change
  }

  public var description: String {
    let what: String
    switch change {
    case .disappeared: what = "disappeared"
    case .size(let old, let new): what = "changed size (\(old) -> \(new) bytes)"
    case .modificationTime: what = "was modified"
    case .replaced: what = "was replaced by another file"
    }
    return "input file \(file) \(what) while the run was using it; its result was not "
      + "cached. Run again once the inputs have stopped changing."
  }
}
