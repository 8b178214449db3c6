import Foundation

/// The record stored with each cache entry (`manifest.json`): which key produced it and the size
/// and SHA-256 of every output file, so a later lookup can prove the files are intact.
///
/// It holds no time stamps: the same outputs under the same key give the same manifest bytes.
public struct CacheManifest: Codable, Sendable, Equatable {
  /// One output file.
  public struct File: Codable, Sendable, Equatable {
    /// Path relative to the entry's output folder, "/"-separated.
    public var path: String
    /// Size in bytes.
    public var size: Int64
    /// SHA-256 of the content, 64 lowercase hex characters.
    public var sha256: String
  }

  /// The manifest format this code writes; entries with another format are treated as damaged.
  public static let formatVersion = 1

  public var formatVersion: Int
  public var stage: String
  /// `key.digest`, repeated so a reader need not recompute it.
  public var digest: String
  public var key: StageKey
  /// Output files in byte-wise path order.
  public var files: [File]

  /// SHA-256 over the outputs' paths and content hashes (as `FileFingerprint.treeHash`); a
  /// downstream stage can use it as an input hash that changes only when the outputs do.
  public var outputHash: String {
    var hasher = SHA256.Hasher()
    for file in files {
      hasher.update(string: file.path)
      hasher.update([0])
      hasher.update(string: file.sha256)
      hasher.update([0x0a])
    }
    return hasher.finalize()
  }

  /// Lists and hashes every regular file below `folder`.
  ///
  /// - Throws: `FileSystemError` naming a file that cannot be read, or an output that is neither
  ///   a regular file nor a folder (links and devices cannot be cached faithfully).
  static func scan(_ folder: URL) throws -> [File] {
    try listFiles(in: folder).map { relative in
      let url = folder.appendingPathComponent(relative)
      let status = try FileStatus.read(path: url.path)
      return File(path: relative, size: status.size, sha256: try SHA256.hex(fileAt: url))
    }
  }

  /// Relative paths of the regular files below `folder`, in byte-wise order.
  static func listFiles(in folder: URL) throws -> [String] {
    var found: [String] = []
    var pending = [""]
    while let relative = pending.popLast() {
      let directory = relative.isEmpty ? folder : folder.appendingPathComponent(relative)
      let names: [String]
      do {
        names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
      } catch {
        throw FileSystemError(
          path: directory.path, operation: "list", reason: error.localizedDescription)
      }
      for name in names {
        let child = relative.isEmpty ? name : relative + "/" + name
        var record = stat()
        let childPath = folder.appendingPathComponent(child).path
        guard lstat(childPath, &record) == 0 else {
          throw FileSystemError(path: childPath, operation: "stat", errno: errno)
        }
        switch record.st_mode & S_IFMT {
        case S_IFREG: found.append(child)
        case S_IFDIR: pending.append(child)
        default:
          throw FileSystemError(
            path: childPath, operation: "cache",
            reason: "only regular files and folders can be stored as stage outputs")
        }
      }
    }
    return found.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
  }
}
